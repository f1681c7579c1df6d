namespace MetaOpt.Storage.Optuna.Tests;

/// <summary>An imported Optuna study is an ordinary earlier study: a GP study warm-starts from it, named or chosen by <see cref="WarmStart.Auto"/>.</summary>
public sealed class WarmStartTests
{
    private static double Bowl(double x, double y) => 3 * ((x - 0.33) * (x - 0.33) + (y - 0.62) * (y - 0.62)) + 1;

    private static FrozenTrial FirstTrial(IStorage storage, WarmStart? warmStart) => Trials(storage, warmStart, 1)[0];

    private static IReadOnlyList<FrozenTrial> Trials(IStorage storage, WarmStart? warmStart, int trials)
    {
        var study = Study.Create("target", new StudyOptions { Storage = storage, Sampler = new GpSampler(11), WarmStartFrom = warmStart });
        study.Optimize(t => Bowl(t.SuggestFloat("x", 0, 1), t.SuggestFloat("y", 0, 1)), trials: trials);
        return study.Trials;
    }

    [Fact]
    public void AGpStudyStartsNearTheBestOfAnImportedOptunaStudy()
    {
        // Optuna's 30 random trials of a bowl centred at (0.3, 0.6), copied into the new study's storage as
        // 'metaopt storage copy' does, and read where it is, in the history itself.
        var history = OptunaJournal.Read(Fixture.Path("bowl.journal"));
        var storage = new InMemoryStorage();
        StudyCopy.Copy(history.Studies, storage, "bowl");

        var copied = FirstTrial(storage, WarmStart.From("bowl"));
        var auto = new InMemoryStorage();
        StudyCopy.Copy(history.Studies, auto, "bowl");
        // Auto picks studies by the parameters the new study has shown, so from its second trial on; that second
        // trial is the warm start's probe (a design point), the third the first proposal of the earlier study's model.
        var trials = Trials(auto, WarmStart.Auto, 3);
        Assert.True(trials[1].SystemAttrs.ContainsKey(GpSampler.ProbeAttr));
        var chosen = trials[2];
        var inPlace = FirstTrial(new InMemoryStorage(), WarmStart.From(history.Studies, "bowl"));
        var cold = FirstTrial(new InMemoryStorage(), null);

        Assert.Equal(30, storage.GetAllTrials("bowl").Count(t => t.State == TrialState.Complete));
        Assert.StartsWith("bowl=", (string)chosen.SystemAttrs[GpSampler.WeightsAttr]);
        foreach (var warm in new[] { copied, inPlace, chosen })
        {
            Assert.InRange((double)warm.Params["x"], 0.2, 0.4);
            Assert.InRange((double)warm.Params["y"], 0.5, 0.7);
        }
        // Without the earlier study the first trial is the sampler's own start, away from the optimum.
        Assert.True(Bowl((double)cold.Params["x"], (double)cold.Params["y"]) > Bowl((double)copied.Params["x"], (double)copied.Params["y"]) + 0.05,
            $"cold {cold.Params["x"]}, {cold.Params["y"]}; warm {copied.Params["x"]}, {copied.Params["y"]}");
    }
}
