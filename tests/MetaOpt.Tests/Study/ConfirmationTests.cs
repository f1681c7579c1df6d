namespace MetaOpt.Tests;

public class ConfirmationTests
{
    // Trials 0..4 at x = 0.1, 0.2, 0.3, 0.2 (trial 1's parameters again) and 0.5, with these values (lower is better).
    private static Study Searched(IStorage storage)
    {
        var study = Study.Create("s", new StudyOptions { Storage = storage, Seed = 3, Sampler = new RandomSampler(seed: 1) });
        foreach (var (x, value) in new[] { (0.1, 3.0), (0.2, 1.0), (0.3, 2.0), (0.2, 1.5), (0.5, 9.0) })
        {
            study.EnqueueTrial(new Dictionary<string, object> { ["x"] = x });
            var trial = study.Ask();
            trial.SuggestFloat("x", 0, 1);
            study.Tell(trial, value);
        }
        return study;
    }

    private static double Objective(Trial trial) => trial.SuggestFloat("x", 0, 1) + trial.Seed % 100 / 1000.0;

    [Fact]
    public void TheTopDistinctConfigurationsByFirstEvaluationGetTheAskedRepeats()
    {
        var study = Searched(new InMemoryStorage());

        var enqueued = study.EnqueueConfirmation(top: 2, repeats: 2);

        // Trial 3 repeats trial 1's parameters, so the two best distinct configurations are trials 1 and 2.
        Assert.Equal([1, 1, 2, 2], enqueued.Select(t => t.Configuration));
        Assert.All(enqueued, t => Assert.Equal(TrialState.Waiting, t.State));
        study.Optimize(Objective, trials: 4);
        var repeats = study.Trials.Skip(5).ToList();
        Assert.Equal([(1, 1), (1, 2), (2, 1), (2, 2)], repeats.Select(t => (t.Configuration, t.Repeat)));
        Assert.Equal([0.2, 0.2, 0.3, 0.3], repeats.Select(t => (double)t.Params["x"]));
        Assert.Empty(study.EnqueueConfirmation(top: 2, repeats: 2));
    }

    [Fact]
    public void AConfirmationInterruptedAndAskedAgainAddsOnlyTheMissingRepeats()
    {
        var storage = new InMemoryStorage();
        var study = Searched(storage);
        study.EnqueueConfirmation(top: 2, repeats: 2);
        // One repeat ran before the process was killed; the other three still wait.
        study.Optimize(Objective, trials: 1);

        var resumed = Study.Load("s", new StudyOptions { Storage = storage });
        var again = resumed.EnqueueConfirmation(top: 2, repeats: 2);
        resumed.Optimize(Objective, trials: 3);
        var more = resumed.EnqueueConfirmation(top: 2, repeats: 3);
        resumed.Optimize(Objective, trials: 2);

        Assert.Empty(again);
        Assert.Equal([1, 2], more.Select(t => t.Configuration));
        var ranked = resumed.Configurations;
        Assert.Equal([(1, 4), (2, 4), (0, 1), (4, 1)], ranked.Where(c => c.Configuration != 3).Select(c => (c.Configuration, c.Repeats)));
        Assert.Equal([1, 2, 3], resumed.Trials.Where(t => t.Configuration == 1 && t.Repeat > 0).Select(t => t.Repeat));
        Assert.Equal(4, resumed.Trials.Where(t => t.Configuration == 2).Select(t => t.Seed).Distinct().Count());
    }

    [Fact]
    public void EveryConfirmedConfigurationAndTheBaselinesTrainOnTheSameSeeds()
    {
        var study = Searched(new InMemoryStorage());
        // A repeat the user asked for before the confirmation stays on its configuration's own seeds.
        study.EnqueueRepeat(study.Trials[2]);
        study.Optimize(Objective, trials: 1);

        study.EnqueueConfirmation(top: 2, repeats: 3);
        study.Optimize(Objective, trials: 5);

        var shared = Enumerable.Range(0, 4).Select(k => study.SeedOf(BaselineRuns.Configuration, k)).ToList();
        var seeds = study.Trials.GroupBy(t => t.Configuration).ToDictionary(g => g.Key, g => g.OrderBy(t => t.Repeat).Select(t => t.Seed!.Value).ToList());
        // The first runs keep the seeds they were searched with; every confirmation repeat k trains with shared seed k.
        Assert.Equal([study.SeedOf(1, 0), shared[1], shared[2], shared[3]], seeds[1]);
        Assert.Equal([study.SeedOf(2, 0), study.SeedOf(2, 1), shared[2], shared[3]], seeds[2]);
        // The baselines are evaluated on exactly the shared seeds the confirmation trained with.
        Assert.Equal(shared.Skip(1), BaselineRuns.SeedsToRun(study));
        // Configuration 1 pairs with the baselines on its three shared seeds; configuration 2, half of whose runs are
        // on its own seeds, is compared with 1 by Welch's test.
        var ranked = study.Configurations;
        var (one, two) = (ranked.Single(c => c.Configuration == 1).Objective, ranked.Single(c => c.Configuration == 2).Objective);
        Assert.Equal(3, MeanDifference.Of(one, MeanEstimate.Of(shared.Skip(1).Select(seed => (1.0, (int?)seed)))).Pairs);
        Assert.Equal(0, MeanDifference.Of(one, two).Pairs);
    }

    [Fact]
    public void AStudyConfirmedOnItsOwnSeedsReadsAsBeforeAndConfirmingItFurtherAddsSharedRuns()
    {
        var study = Searched(new InMemoryStorage());
        // What confirmations stored before the seeds were shared: repeats on each configuration's own seeds, the
        // baselines on SeedOf(-1, 0), (-1, 1) and (-1, 2).
        foreach (var first in new[] { study.Trials[1], study.Trials[2] })
            for (var k = 0; k < 2; k++)
                study.EnqueueRepeat(first);
        study.Optimize(Objective, trials: 4);
        var shared = Enumerable.Range(0, 4).Select(k => study.SeedOf(BaselineRuns.Configuration, k)).ToList();
        foreach (var k in Enumerable.Range(0, 3))
            BaselineRuns.Add(study, new BaselineRun(shared[k], new Dictionary<string, double> { ["b"] = 2 + k / 10.0 }));
        var winner = ConfigurationResult.Winner(study.Configurations)!;

        var before = MeanDifference.Of(winner.Objective, BaselineRuns.Read(study.UserAttrs).Estimate("b")!);
        var missing = BaselineRuns.SeedsToRun(study);
        study.EnqueueConfirmation(top: 2, repeats: 3);
        study.Optimize(Objective, trials: 2);

        Assert.Equal((1, 3), (winner.Configuration, winner.Repeats));
        Assert.False(before.Paired);
        Assert.True(before.ToldApart);
        Assert.Empty(missing);
        // One more repeat each, on shared seed 3: only that seed's baselines are missing.
        Assert.Equal([shared[3]], BaselineRuns.SeedsToRun(study));
        Assert.Equal([shared[3], shared[3]], study.Trials.Skip(9).Select(t => t.Seed!.Value));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    public void TopAndRepeatsBelowOneAreRefused(int top, int repeats)
    {
        var study = Searched(new InMemoryStorage());

        Assert.Throws<ArgumentOutOfRangeException>(() => study.EnqueueConfirmation(top, repeats));
        Assert.Equal(5, study.Trials.Count);
    }
}
