namespace MetaOpt.Tests.Pruners;

public class PercentilePrunerTests
{
    // Completed trials at step 0: 1, 2, 4, 8. Linear interpolation: p25 -> 1.75, p50 -> 3, p75 -> 5, p100 -> 8.
    [Theory]
    [InlineData(25, Direction.Minimize, 1.8, true)]
    [InlineData(25, Direction.Minimize, 1.7, false)]
    [InlineData(50, Direction.Minimize, 3.01, true)]
    [InlineData(50, Direction.Minimize, 2.99, false)]
    [InlineData(100, Direction.Minimize, 8.1, true)]
    [InlineData(100, Direction.Minimize, 8.0, false)]
    [InlineData(0, Direction.Minimize, 1.01, true)]
    [InlineData(25, Direction.Maximize, 4.9, true)] // the top 25% starts at the 75th percentile, 5
    [InlineData(25, Direction.Maximize, 5.1, false)]
    [InlineData(0, Direction.Maximize, 7.9, true)]
    [InlineData(0, Direction.Maximize, 8.0, false)]
    public void ComparesWithTheInterpolatedPercentile(double percentile, Direction direction, double value, bool pruned)
    {
        var study = PrunerHistory.NewStudy(new PercentilePruner(percentile, new PercentilePrunerOptions { StartupTrials = 0 }), direction);
        foreach (var v in new[] { 8.0, 1, 4, 2 })
            PrunerHistory.Complete(study, v);
        Assert.Equal(pruned, PrunerHistory.Start(study).ReportAndAsk(value, 0));
    }

    [Fact]
    public void NeverPrunesBeforeATrialCompletes()
    {
        var study = PrunerHistory.NewStudy(new PercentilePruner(50, new PercentilePrunerOptions { StartupTrials = 0 }));
        Assert.False(PrunerHistory.Start(study).ReportAndAsk(double.NaN, 0));
    }

    [Fact]
    public void WaitsForTheWarmUpSteps()
    {
        var study = PrunerHistory.NewStudy(new PercentilePruner(50, new PercentilePrunerOptions { StartupTrials = 0, WarmupSteps = 2 }));
        PrunerHistory.Complete(study, 1, 1, 1, 1);
        var trial = PrunerHistory.Start(study);
        Assert.Equal([false, false, true], new[] { 0, 1, 2 }.Select(step => trial.ReportAndAsk(10, step)));
    }

    [Fact]
    public void ChecksOncePerIntervalCountedFromTheWarmUp()
    {
        var study = PrunerHistory.NewStudy(new PercentilePruner(50, new PercentilePrunerOptions { StartupTrials = 0, WarmupSteps = 1, IntervalSteps = 3 }));
        PrunerHistory.Complete(study, Enumerable.Repeat(1.0, 8).ToArray());
        var trial = PrunerHistory.Start(study);
        // Check points are steps 1, 4 and 7.
        Assert.Equal([false, true, false, false, true, false, false, true],
            Enumerable.Range(0, 8).Select(step => trial.ReportAndAsk(10, step)));
    }

    [Fact]
    public void ASkippedCheckPointIsCheckedAtTheNextReport()
    {
        var study = PrunerHistory.NewStudy(new PercentilePruner(50, new PercentilePrunerOptions { StartupTrials = 0, WarmupSteps = 1, IntervalSteps = 3 }));
        PrunerHistory.Complete(study, Enumerable.Repeat(1.0, 8).ToArray());
        var trial = PrunerHistory.Start(study, 10);
        Assert.True(trial.ReportAndAsk(10, 5));  // check point 4 was skipped
        Assert.False(trial.ReportAndAsk(10, 6)); // step 5 already covered the interval [4, 7)
        Assert.True(trial.ReportAndAsk(10, 7));
    }

    [Theory]
    [InlineData(3, false)]
    [InlineData(2, true)]
    public void NeedsNMinTrialsCompletedReportsAtTheStep(int nMinTrials, bool pruned)
    {
        var study = PrunerHistory.NewStudy(new PercentilePruner(50, new PercentilePrunerOptions { StartupTrials = 0, MinTrials = nMinTrials }));
        PrunerHistory.Complete(study, 1, 1);
        PrunerHistory.Complete(study, 1, 1);
        PrunerHistory.Complete(study, 1); // reported step 0 only
        var trial = PrunerHistory.Start(study, 5);
        Assert.Equal(pruned, trial.ReportAndAsk(5, 1));
    }

    [Fact]
    public void PrunesATrialThatReportedOnlyNaN()
    {
        var study = PrunerHistory.NewStudy(new PercentilePruner(50, new PercentilePrunerOptions { StartupTrials = 0 }));
        PrunerHistory.Complete(study, 1, 1);
        Assert.True(PrunerHistory.Start(study).ReportAndAsk(double.NaN, 0));
        var earlierFinite = PrunerHistory.Start(study, 0.5);
        Assert.False(earlierFinite.ReportAndAsk(double.NaN, 1)); // best so far ignores the NaN: 0.5 <= 1
    }

    [Theory]
    [InlineData(2.1, true)]  // median of {1, 3}, the NaN left out: 2
    [InlineData(1.9, false)]
    public void IgnoresNaNValuesOfCompletedTrialsButCountsThemForNMinTrials(double value, bool pruned)
    {
        var study = PrunerHistory.NewStudy(new PercentilePruner(50, new PercentilePrunerOptions { StartupTrials = 0, MinTrials = 3 }));
        PrunerHistory.Complete(study, double.NaN, 1);
        PrunerHistory.Complete(study, 1);
        PrunerHistory.Complete(study, 3);
        Assert.Equal(pruned, PrunerHistory.Start(study).ReportAndAsk(value, 0));
    }

    [Fact]
    public void AReloadedStudyMakesTheSameDecisions()
    {
        var storage = new InMemoryStorage();
        var first = PrunerHistory.NewStudy(new PercentilePruner(50, new PercentilePrunerOptions { StartupTrials = 2 }), storage: storage);
        PrunerHistory.Complete(first, 1, 1);
        PrunerHistory.Complete(first, 3, 3);
        var reloaded = Study.Load("pruning", new StudyOptions { Storage = storage, Pruner = new PercentilePruner(50, new PercentilePrunerOptions { StartupTrials = 2 }) });
        Assert.True(PrunerHistory.Start(reloaded).ReportAndAsk(2.5, 0)); // median of 1 and 3 is 2
        Assert.False(PrunerHistory.Start(reloaded).ReportAndAsk(1.5, 0));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(100.5)]
    [InlineData(double.NaN)]
    public void RejectsAPercentileOutside0To100(double percentile)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new PercentilePruner(percentile));
        Assert.Equal("percentile", e.ParamName);
        Assert.Contains("between 0 and 100", e.Message);
    }
}
