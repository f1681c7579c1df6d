namespace MetaOpt.Launcher.Tests;

/// <summary>
/// <c>metaopt run --ensemble K</c>: after the search, the K best kept models are combined by Caruana's selection and
/// the result is stored in the study; a second identical run keeps it, another K rebuilds it, and what cannot build
/// one is refused before anything is stored.
/// </summary>
public sealed class EnsembleStageTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static string[] Strategy(string storage, params string[] more) =>
        ["run", "synthetic-strategy", "--trials", "4", "--epochs", "1", "--pruner", "none", "--sampler", "random", "--storage", storage, "--seed", "3", .. more];

    private static (StudyEnsemble Ensemble, string Stored, List<FrozenTrial> Trials) Stored(string storage)
    {
        using var opened = LiteDbStorage.OpenReadOnly(storage);
        var attrs = opened.FindStudy("synthetic-strategy")!.UserAttrs;
        return (StudyEnsemble.Read(attrs)!, (string)attrs[StudyEnsemble.AttributeKey], [.. opened.GetAllTrials("synthetic-strategy")]);
    }

    [Fact]
    public void TheEnsembleStageIsStoredAfterTheSearchAndNotRedoneForTheSameModels()
    {
        var storage = _directory.File("s.db");
        var run = Launcher.Run(Strategy(storage, "--keep-models", "top-3", "--ensemble", "3"));
        Assert.True(run.ExitCode == 0, run.Error);

        var (ensemble, stored, trials) = Stored(storage);
        var library = trials.Where(t => t.State == TrialState.Complete && t.Artifacts.Count > 0).OrderBy(t => t.Value).ThenBy(t => t.Number).Take(3).ToList();
        Assert.True(library.Count >= 2, "fewer than 2 trials completed");
        Assert.Equal(3, ensemble.TopK);
        Assert.Equal(library.Select(t => t.Number), ensemble.Members.Select(m => m.Trial));
        Assert.Equal(["best", "average", "ensemble"], ensemble.Rows.Select(r => r.Name));
        // The best row is the study's best trial, whose value is its validation MAE; the selection keeps its best round.
        Assert.Equal(library[0].Value!.Value, ensemble.Best.Selection, 4);
        Assert.True(ensemble.Ensemble.Selection <= ensemble.Best.Selection + 1e-12, $"ensemble {ensemble.Ensemble.Selection}, best {ensemble.Best.Selection}");
        Assert.Equal((double)library[0].UserAttrs["meta_test_mae"], ensemble.Best.Held, 4);
        Assert.Equal(1.0, ensemble.Members.Sum(m => m.Weight), 9);
        Assert.Equal(ensemble.Ensemble.Held < ensemble.Best.Held, ensemble.Won);
        Assert.Contains($"The ensemble {ensemble.Verdict} against the best single trial", run.Output);

        // 'best' reads it back: a line under the best trial, and the stored form in its JSON.
        var best = Launcher.Run("best", "synthetic-strategy", "--storage", storage, "--format", "table");
        Assert.Contains($"Ensemble of the {ensemble.Members.Count} best kept models: {ensemble.Verdict} against trial {library[0].Number} on ", best.Output);
        var json = Launcher.Run("best", "synthetic-strategy", "--storage", storage, "--format", "json");
        Assert.True(json.ExitCode == 0, json.Error);
        using (var printed = System.Text.Json.JsonDocument.Parse(json.Output))
        {
            var printedEnsemble = printed.RootElement.GetProperty("ensemble");
            Assert.Equal(ensemble.Won, printedEnsemble.GetProperty("won").GetBoolean());
            Assert.Equal(ensemble.Members.Select(m => m.Trial), printedEnsemble.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("trial").GetInt32()));
        }

        // The same command again: nothing to run, and the stored ensemble (same models, same K) is kept byte for byte.
        var again = Launcher.Run(Strategy(storage, "--keep-models", "top-3", "--ensemble", "3"));
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Contains("already stored; kept as it is", again.Output);
        Assert.Equal(stored, Stored(storage).Stored);

        // Another K is another library: the ensemble is rebuilt and replaces the stored one.
        var two = Launcher.Run(Strategy(storage, "--keep-models", "top-3", "--ensemble", "2"));
        Assert.True(two.ExitCode == 0, two.Error);
        Assert.DoesNotContain("already stored", two.Output);
        var rebuilt = Stored(storage).Ensemble;
        Assert.Equal(2, rebuilt.TopK);
        Assert.Equal(library.Take(2).Select(t => t.Number), rebuilt.Members.Select(m => m.Trial));
        Assert.Equal((ensemble.Best.About, ensemble.Best.Selection, ensemble.Best.Held), (rebuilt.Best.About, rebuilt.Best.Selection, rebuilt.Best.Held));
    }

    [Theory]
    [InlineData("functions-branin", "", "metaopt: invalid --ensemble 2: study 'functions-branin' keeps no trained models to combine; use it with a study that keeps them (the recommender studies)")]
    [InlineData("functions-zdt1", "", "metaopt: invalid --ensemble: study 'functions-zdt1' has 2 objectives (minimize, minimize), and an ensemble's models are ranked by one objective; run without it")]
    [InlineData("synthetic-strategy", "--epochs 1 --keep-models top-1", "metaopt: invalid --ensemble 2: --keep-models top-1 keeps at most 1 model; use --keep-models top-2 or more (or all), or --ensemble 1")]
    [InlineData("synthetic-strategy", "--epochs 1 --keep-models none", "metaopt: invalid --ensemble 2: --keep-models none keeps no model to combine; use --keep-models top-2 or more (or all)")]
    [InlineData("synthetic-strategy", "--epochs 1 --folds 2", "metaopt: invalid --ensemble 2 with --folds 2: each model then trained on some of the validation users that choose the ensemble; run without --folds")]
    public void AnEnsembleThatCannotBeBuiltIsRefusedBeforeAnythingIsStored(string study, string options, string message)
    {
        var storage = _directory.File("s.db");
        var run = Launcher.Run(["run", study, "--trials", "2", "--storage", storage, "--ensemble", "2",
            .. options.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(message, Assert.Single(run.ErrorLines));
        if (File.Exists(storage))
        {
            using var opened = LiteDbStorage.OpenReadOnly(storage);
            Assert.Empty(opened.GetAllStudies());
        }
    }

    [Fact]
    public void AnEnsembleOfOneKeptModelIsRefusedAndNothingIsStored()
    {
        var storage = _directory.File("s.db");
        // One trial: a single kept model, too few to combine; its trial stays stored, no ensemble is.
        var run = Launcher.Run(["run", "synthetic-cold-start", "--trials", "1", "--epochs", "1", "--pruner", "none", "--storage", storage, "--ensemble", "2"]);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            "metaopt: cannot build the ensemble of study 'synthetic-cold-start': study 'synthetic-cold-start' keeps 1 trained model; an ensemble needs at least 2: run it with --keep-models top-2 (or all)",
            Assert.Single(run.ErrorLines));
        using var opened = LiteDbStorage.OpenReadOnly(storage);
        Assert.False(opened.FindStudy("synthetic-cold-start")!.UserAttrs.ContainsKey(StudyEnsemble.AttributeKey));
    }
}
