namespace MetaOpt.Tests.Pruners;

public class SuccessiveHalvingPrunerTests
{
    // η = 2, r = 1, s = 0: rungs at steps 1, 2, 4. Each trial reports one constant value at steps 0..3.
    // Promotion: with n values at the rung (its own included) sorted best first, the trial must be at least as good as
    // the value at index max(n / 2 - 1, 0).
    //   value  rung 0 (step 1)                         rung 1 (step 2)
    //   5      {5}: idx 0 -> 5, promoted               {5}: promoted                  -> complete
    //   3      {3,5}: idx 0 -> 3, promoted             {3,5}: promoted                -> complete
    //   4      {3,4,5}: idx 0 -> 3, pruned at 1
    //   1      {1,3,4,5}: idx 1 -> 3, promoted         {1,3,5}: idx 0 -> 1, promoted  -> complete
    //   6      {1,3,4,5,6}: idx 1 -> 3, pruned at 1
    //   2      {1,2,3,4,5,6}: idx 2 -> 3, promoted     {1,2,3,5}: idx 1 -> 2, promoted -> complete
    //   3.5    7 values: idx 2 -> 3, pruned at 1
    //   0.5    8 values: idx 3 -> 3, promoted          {0.5,1,2,3,5}: idx 1 -> 1, promoted -> complete
    //   2.5    {0.5,1,2,2.5,3,3.5,4,5,6}: idx 3 -> 2.5 (a tie promotes)
    //                                                  {0.5,1,2,2.5,3,5}: idx 2 -> 2, pruned at 2
    private static readonly double[] Values = [5, 3, 4, 1, 6, 2, 3.5, 0.5, 2.5];
    private static readonly int?[] PrunedAt = [null, null, 1, null, 1, null, 1, null, 2];

    private static SuccessiveHalvingPruner Eta2() => new(new SuccessiveHalvingPrunerOptions { MinResource = 1, ReductionFactor = 2 });

    [Fact]
    public void PromotesTheTopHalfOfEachRungAsComputedByHand()
    {
        var study = PrunerHistory.NewStudy(Eta2());
        Assert.Equal(PrunedAt, PrunerHistory.RunConstants(study, 3, Values));
    }

    [Fact]
    public void FlipsForMaximize()
    {
        var study = PrunerHistory.NewStudy(Eta2(), Direction.Maximize);
        Assert.Equal(PrunedAt, PrunerHistory.RunConstants(study, 3, Values.Select(v => -v).ToArray()));
    }

    [Fact]
    public void RecordsEachTrialsRungValuesInSystemAttributes()
    {
        var study = PrunerHistory.NewStudy(Eta2());
        PrunerHistory.RunConstants(study, 3, Values);
        double[] Recorded(string key) => study.Trials.Where(t => t.SystemAttrs.ContainsKey(key)).Select(t => (double)t.SystemAttrs[key]).ToArray();
        Assert.Equal(Values, Recorded(SuccessiveHalvingPruner.RungKey(0)));
        Assert.Equal([5, 3, 1, 2, 0.5, 2.5], Recorded(SuccessiveHalvingPruner.RungKey(1)));
        Assert.Empty(Recorded(SuccessiveHalvingPruner.RungKey(2))); // step 4 never reached
        Assert.Equal("completed_rung_1", SuccessiveHalvingPruner.RungKey(1));
    }

    [Fact]
    public void AStepPastSeveralRungsRecordsTheLatestValueAtEach()
    {
        var study = PrunerHistory.NewStudy(Eta2());
        var trial = PrunerHistory.Start(study, 9);
        Assert.False(trial.ReportAndAsk(7, 5));
        var attrs = study.Trials[0].SystemAttrs;
        Assert.Equal([7.0, 7.0, 7.0], new[] { 0, 1, 2 }.Select(r => (double)attrs[SuccessiveHalvingPruner.RungKey(r)]));
        Assert.False(attrs.ContainsKey(SuccessiveHalvingPruner.RungKey(3))); // rung 3 is at step 8
    }

    [Fact]
    public void MinEarlyStoppingRateMovesTheFirstRung()
    {
        var study = PrunerHistory.NewStudy(new SuccessiveHalvingPruner(new SuccessiveHalvingPrunerOptions { MinResource = 1, ReductionFactor = 2, MinEarlyStoppingRate = 1 }));
        // Rungs at steps 2 and 4; a trial pruned at step 1 under s = 0 survives to step 2 here.
        // 2, 1: alone or best at both rungs. 5: rung 0 {1, 2, 5}, idx 0 -> pruned at 2.
        // 1.5: rung 0 {1, 1.5, 2, 5}, idx 1 -> promoted; rung 1 {1, 1.5, 2}, idx 0 -> pruned at 4.
        Assert.Equal([null, null, 2, 4], PrunerHistory.RunConstants(study, 4, 2, 1, 5, 1.5));
        Assert.True(study.Trials[2].SystemAttrs.ContainsKey(SuccessiveHalvingPruner.RungKey(0)));
        Assert.False(study.Trials[2].SystemAttrs.ContainsKey(SuccessiveHalvingPruner.RungKey(1)));
    }

    [Fact]
    public void ReductionFactorSpacesTheRungs()
    {
        // η = 3, r = 2: rungs at steps 2, 6. Rung 0 for the third trial: {1, 2, 3}, idx 0 -> pruned.
        var study = PrunerHistory.NewStudy(new SuccessiveHalvingPruner(new SuccessiveHalvingPrunerOptions { MinResource = 2, ReductionFactor = 3 }));
        Assert.Equal([null, null, 2], PrunerHistory.RunConstants(study, 6, 2, 1, 3));
        Assert.Equal([2.0, 1.0], study.Trials.Take(2).Select(t => (double)t.SystemAttrs[SuccessiveHalvingPruner.RungKey(1)]));
    }

    [Fact]
    public void AutomaticMinResourceIsTheFirstCompletedTrialsLastStepOver100()
    {
        var study = PrunerHistory.NewStudy(new SuccessiveHalvingPruner(new SuccessiveHalvingPrunerOptions { ReductionFactor = 2 }));
        var first = PrunerHistory.Start(study);
        Assert.False(first.ReportAndAsk(1000, 5)); // nothing completed yet: no rungs, nothing recorded
        Assert.DoesNotContain(study.Trials[0].SystemAttrs.Keys, k => k.StartsWith("completed_rung_"));
        study.Tell(first, TrialState.Failed);
        PrunerHistory.Complete(study, Enumerable.Repeat(1.0, 201).ToArray()); // last step 200 -> min resource 2
        PrunerHistory.Complete(study, Enumerable.Repeat(1.0, 400).ToArray()); // a later, longer trial (399 -> 3) changes nothing

        var good = PrunerHistory.Start(study);
        Assert.False(good.ReportAndAsk(1, 1));
        Assert.False(good.ReportAndAsk(1, 2)); // rung 0 at step 2: {1}, promoted
        var bad = PrunerHistory.Start(study);
        Assert.False(bad.ReportAndAsk(3, 1)); // with a min resource of 1 this would be rung 0 and a prune
        Assert.True(bad.ReportAndAsk(3, 2));  // rung 0: {1, 3}, idx 0 -> 1
    }

    [Fact]
    public void BootstrapPrunesUntilEnoughTrialsReachedTheRung()
    {
        var study = PrunerHistory.NewStudy(new SuccessiveHalvingPruner(new SuccessiveHalvingPrunerOptions { MinResource = 1, ReductionFactor = 2, BootstrapCount = 2 }));
        // Rung 0: the first two arrivals are pruned (n <= 2); the third, {5, 3, 1}, is promoted; at rung 1 it is
        // alone (n = 1 <= 2) and pruned.
        Assert.Equal([1, 1, 2], PrunerHistory.RunConstants(study, 3, 5, 3, 1));
    }

    [Fact]
    public void NaNAtARungPrunesWithoutRecording()
    {
        var study = PrunerHistory.NewStudy(Eta2());
        var trial = PrunerHistory.Start(study);
        Assert.False(trial.ReportAndAsk(double.NaN, 0)); // before the first rung
        Assert.True(trial.ReportAndAsk(double.NaN, 1));
        Assert.False(study.Trials[0].SystemAttrs.ContainsKey(SuccessiveHalvingPruner.RungKey(0)));
    }

    [Fact]
    public void AReloadedStudyKeepsTheRungsAndMakesTheSameDecisions()
    {
        var storage = new InMemoryStorage();
        var first = PrunerHistory.NewStudy(Eta2(), storage: storage);
        var before = PrunerHistory.RunConstants(first, 3, Values[..4]);
        var reloaded = Study.Load("pruning", new StudyOptions { Storage = storage, Pruner = Eta2() });
        var after = PrunerHistory.RunConstants(reloaded, 3, Values[4..]);
        Assert.Equal(PrunedAt, before.Concat(after));
    }

    [Theory]
    [InlineData(0, 4, 0, 0, "MinResource")]
    [InlineData(1, 1, 0, 0, "ReductionFactor")]
    [InlineData(1, 4, -1, 0, "MinEarlyStoppingRate")]
    [InlineData(1, 4, 0, -1, "BootstrapCount")]
    public void RejectsBadArgumentsNamingThem(int minResource, int reductionFactor, int rate, int bootstrap, string name)
    {
        var options = new SuccessiveHalvingPrunerOptions
        {
            MinResource = minResource, ReductionFactor = reductionFactor, MinEarlyStoppingRate = rate, BootstrapCount = bootstrap,
        };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new SuccessiveHalvingPruner(options));
        Assert.Equal(name, e.ParamName);
    }

    [Fact]
    public void RejectsBootstrapWithAutomaticMinResource()
    {
        var e = Assert.Throws<ArgumentException>(() => new SuccessiveHalvingPruner(new SuccessiveHalvingPrunerOptions { MinResource = null, BootstrapCount = 1 }));
        Assert.Equal("BootstrapCount", e.ParamName);
    }
}
