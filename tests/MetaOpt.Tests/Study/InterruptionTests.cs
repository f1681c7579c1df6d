namespace MetaOpt.Tests;

/// <summary>A study cancelled mid-trial (Ctrl+C, SIGTERM, a token): the interrupted trial is re-run, not counted.</summary>
public class InterruptionTests
{
    [Fact]
    public void CancelledTrialIsFailedAndItsRetryEnqueuedInOneStepAndItIsNotCountedAsFinished()
    {
        var (storage, log) = StorageCallLog.Wrap(new InMemoryStorage());
        var study = Study.Create("s", new StudyOptions { Storage = storage, Sampler = new RandomSampler(seed: 4), RetryFailedTrials = true });
        using var cancellation = new CancellationTokenSource();
        double? interruptedX = null;

        var reason = study.Optimize(t =>
        {
            var x = t.SuggestFloat("x", 0, 1);
            if (t.Number < 2)
                return x;
            interruptedX = x;
            cancellation.Cancel();
            t.CancellationToken.ThrowIfCancellationRequested();
            return x;
        }, trials: 5, cancellationToken: cancellation.Token);

        Assert.Equal(StopReason.Cancelled, reason);
        Assert.Equal([TrialState.Complete, TrialState.Complete, TrialState.Failed, TrialState.Waiting], study.Trials.Select(t => t.State));
        Assert.StartsWith("Interrupted", study.Trials[2].FailReason);
        Assert.Equal(2, study.Trials[3].SystemAttrs[Study.RetryOfAttr]);
        var interruptedId = study.Trials[2].Id;
        Assert.DoesNotContain(log.Calls, c => c.Method == nameof(IStorage.FinishTrial) && Equals(c.Arguments["trialId"], interruptedId));
        Assert.Equal(2, study.FinishedTrialCount);

        study.Optimize(t => t.SuggestFloat("x", 0, 1), trials: 1);
        Assert.Equal(interruptedX, study.Trials[3].Value);
        Assert.Equal(3, study.FinishedTrialCount);
    }

    [Fact]
    public void CancelledTrialWithoutRetriesIsFailedAndCountsAsFinished()
    {
        var study = Study.Create("s", new StudyOptions { Sampler = new RandomSampler(seed: 4) });
        using var cancellation = new CancellationTokenSource();

        study.Optimize(t =>
        {
            var x = t.SuggestFloat("x", 0, 1);
            cancellation.Cancel();
            t.CancellationToken.ThrowIfCancellationRequested();
            return x;
        }, cancellationToken: cancellation.Token);

        Assert.Equal(TrialState.Failed, Assert.Single(study.Trials).State);
        Assert.Equal(1, study.FinishedTrialCount);
    }
}
