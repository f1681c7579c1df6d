using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace MetaOpt.Tests;

/// <summary>
/// A worker whose trial another worker failed meanwhile (its heartbeat looked stale): the other's verdict stands, one
/// warning says so, and the worker goes on with the next trial instead of stopping the study on an internal error.
/// </summary>
public class TrialFailedElsewhereTests
{
    private const string StaleReason = "No heartbeat from its worker otherhost:42:1 for 130 s.";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void OptimizeWarnsOnceKeepsTheOtherWorkersVerdictAndGoesOn(bool objectiveTouchesTheTrialAfterwards)
    {
        var storage = new InMemoryStorage();
        var log = new FakeLogger();
        var study = Study.Create("s", new StudyOptions { Storage = storage, Sampler = new RandomSampler(seed: 3), Logger = log });
        var seen = new List<FrozenTrial>();

        var reason = study.Optimize(trial =>
        {
            var x = trial.SuggestFloat("x", 0, 1);
            if (trial.Number == 1)
            {
                // What another worker's recovery does to a trial it takes for abandoned.
                storage.FinishTrial(trial.Id, TrialState.Failed, null, StaleReason);
                if (objectiveTouchesTheTrialAfterwards)
                    trial.Report(x, 0);
            }
            return x;
        }, trials: 3, callbacks: [(_, finished) => seen.Add(finished)]);

        Assert.Equal(StopReason.TrialsDone, reason);
        var record = Assert.Single(log.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Warning, record.Level);
        Assert.Equal("1", record.GetStructuredStateValue("TrialNumber"));
        var warning = record.Message;
        Assert.StartsWith($"trial 1 of 's' was already Failed when this worker finished it ({StaleReason})", warning);
        Assert.Contains(objectiveTouchesTheTrialAfterwards ? "(Failed)" : "(Complete ", warning);
        var trials = study.Trials;
        Assert.Equal([TrialState.Complete, TrialState.Failed, TrialState.Complete], trials.Select(t => t.State));
        Assert.Equal(StaleReason, trials[1].FailReason);
        Assert.Equal(trials.Select(t => (t.Number, t.State)), seen.Select(t => (t.Number, t.State)));
    }
}
