using Microsoft.Extensions.Logging.Testing;

namespace MetaOpt.Tests;

/// <summary>Trials an outside program evaluates (Study.AskExternal): no owner, so recovery leaves them alone.</summary>
public class ExternalTrialTests
{
    [Fact]
    public void AnExternalTrialOutlivesTheHeartbeatGraceAndIsToldThroughAnotherStudyObject()
    {
        var storage = new InMemoryStorage();
        // A zero grace period would fail any ownerless or remote trial at the next recovery.
        var options = new StudyOptions
        {
            Storage = storage,
            Sampler = new RandomSampler(seed: 1),
            HeartbeatInterval = Timeout.InfiniteTimeSpan,
            HeartbeatGracePeriod = TimeSpan.Zero,
        };
        var asking = Study.Create("ext", options);
        var asked = asking.AskExternal();
        var x = asked.SuggestFloat("x", 0, 1);

        var later = Study.Load("ext", options);
        Assert.Empty(later.RecoverAbandonedTrials());
        var resumed = later.ResumeTrial(asked.Number);
        resumed.Report(0.5, step: 0);
        var told = later.Tell(resumed, x);

        Assert.Equal(TrialState.Complete, told.State);
        Assert.Equal(x, told.Value);
        Assert.Equal(0.5, told.IntermediateValues[0]);
        Assert.Throws<InvalidOperationException>(() => later.ResumeTrial(asked.Number));
        Assert.Throws<KeyNotFoundException>(() => later.ResumeTrial(5));
    }

    [Fact]
    public void AnExternalTrialToldPrunedThroughTheObjectThatAskedItTakesTheLastReportMadeThroughAnother()
    {
        // The asking object's own snapshot knows nothing of reports made by other processes ('metaopt report-value').
        var storage = new InMemoryStorage();
        var options = new StudyOptions { Storage = storage, Sampler = new RandomSampler(seed: 1) };
        var asking = Study.Create("ext", options);
        var asked = asking.AskExternal();
        asked.Report(0.9, step: 0);
        var reporter = Study.Load("ext", options);
        reporter.ResumeTrial(asked.Number).Report(0.4, step: 1);

        Assert.False(asked.ShouldPrune());
        var told = asking.Tell(asked, TrialState.Pruned);

        Assert.Equal((TrialState.Pruned, 0.4), (told.State, told.Value));
        Assert.Equal([0, 1], told.IntermediateValues.Keys);
    }

    [Theory]
    [InlineData(0.9)]
    [InlineData(0.4)]
    public void TwoReportsOfOneStepMadeAtOnceThroughTwoObjectsKeepTheFirstAndWarnOfAnotherValue(double secondValue)
    {
        // Two 'metaopt report-value' calls at once: both resumed the trial before either reported, so neither
        // snapshot knows the step; the storage keeps the first value and the second caller is told, unless it is the same.
        var storage = new InMemoryStorage();
        var log = new FakeLogger();
        var options = new StudyOptions { Storage = storage, Sampler = new RandomSampler(seed: 1), Logger = log };
        var asked = Study.Create("ext", options).AskExternal();
        var first = Study.Load("ext", options).ResumeTrial(asked.Number);
        var second = Study.Load("ext", options).ResumeTrial(asked.Number);

        first.Report(0.4, step: 2);
        second.Report(secondValue, step: 2);

        Assert.Equal(new Dictionary<int, double> { [2] = 0.4 }, storage.GetTrial(asked.Id).IntermediateValues);
        Assert.Equal(0.4, second.Latest().IntermediateValues[2]);
        Assert.Equal(
            secondValue == 0.4 ? Array.Empty<string>() : ["trial 0 of 'ext' already has the value 0.4 at step 2; 0.9 was ignored (the first report of a step stands)"],
            log.Collector.GetSnapshot().Select(r => r.Message));
    }
}
