namespace MetaOpt.Tests.Pruners;

public class MedianPrunerTests
{
    [Fact]
    public void PrunesOnlyOnceFiveTrialsCompletedByDefault()
    {
        var study = PrunerHistory.NewStudy(new MedianPruner());
        foreach (var v in new[] { 1.0, 2, 4, 5 })
            PrunerHistory.Complete(study, v);
        var running = PrunerHistory.Start(study);
        Assert.False(running.ReportAndAsk(100, 0));

        study.Tell(running, TrialState.Pruned); // pruned trials do not count towards the start-up
        var next = PrunerHistory.Start(study);
        Assert.False(next.ReportAndAsk(100, 0));
        PrunerHistory.Complete(study, 3);
        Assert.True(next.ShouldPrune());
    }

    [Theory]
    [InlineData(3.5, true)]
    [InlineData(3.0, false)] // equal to the median is kept
    [InlineData(2.9, false)]
    public void ComparesWithTheMedianOfCompletedTrialsAtTheSameStep(double value, bool pruned)
    {
        var study = PrunerHistory.NewStudy(new MedianPruner());
        foreach (var v in new[] { 5.0, 1, 4, 2, 3 })
            PrunerHistory.Complete(study, v);
        Assert.Equal(pruned, PrunerHistory.Start(study).ReportAndAsk(value, 0));
    }

    [Fact]
    public void UsesTheTrialsBestValueSoFarNotItsLatest()
    {
        var study = PrunerHistory.NewStudy(new MedianPruner(new PercentilePrunerOptions { StartupTrials = 1 }));
        // Completed trials reported 1, 2, 3, 4, 5 at steps 0 and 1: the median is 3 at both.
        foreach (var v in new[] { 1.0, 2, 3, 4, 5 })
            PrunerHistory.Complete(study, v, v);
        var trial = PrunerHistory.Start(study);
        Assert.False(trial.ReportAndAsk(2.5, 0));
        Assert.False(trial.ReportAndAsk(10, 1)); // best so far is 2.5 <= median 3 at step 1
        var worse = PrunerHistory.Start(study, 3.5);
        Assert.True(worse.ReportAndAsk(10, 1)); // best so far 3.5 > 3
    }

    [Theory]
    [InlineData(2.9, true)]
    [InlineData(3.0, false)]
    [InlineData(7.0, false)]
    public void FlipsForMaximize(double value, bool pruned)
    {
        var study = PrunerHistory.NewStudy(new MedianPruner(), Direction.Maximize);
        foreach (var v in new[] { 5.0, 1, 4, 2, 3 })
            PrunerHistory.Complete(study, v);
        Assert.Equal(pruned, PrunerHistory.Start(study).ReportAndAsk(value, 0));
    }

    [Theory]
    [InlineData(-1, 0, 1, 1, "StartupTrials")]
    [InlineData(0, -1, 1, 1, "WarmupSteps")]
    [InlineData(0, 0, 0, 1, "IntervalSteps")]
    [InlineData(0, 0, 1, 0, "MinTrials")]
    public void RejectsBadArgumentsNamingThem(int startup, int warmup, int interval, int minTrials, string name)
    {
        var options = new PercentilePrunerOptions { StartupTrials = startup, WarmupSteps = warmup, IntervalSteps = interval, MinTrials = minTrials };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new MedianPruner(options));
        Assert.Equal(name, e.ParamName);
    }
}
