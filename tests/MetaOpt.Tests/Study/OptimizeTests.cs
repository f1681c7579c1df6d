namespace MetaOpt.Tests;

public class OptimizeTests
{
    private static Study NewStudy(IStorage? storage = null) =>
        Study.Create("opt", new StudyOptions { Sampler = new RandomSampler(seed: 5), Storage = storage });

    private static double Quadratic(Trial t) => Math.Pow(t.SuggestFloat("x", -5, 5) - 1, 2);

    [Fact]
    public void OptimizeRunsExactlyNTrialsAcrossWorkers()
    {
        var study = NewStudy();
        var reason = study.Optimize(Quadratic, trials: 40, parallelism: 4);
        Assert.Equal(StopReason.TrialsDone, reason);
        Assert.Equal(40, study.Trials.Count);
        Assert.All(study.Trials, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.Equal(Enumerable.Range(0, 40), study.Trials.Select(t => t.Number));
    }

    [Fact]
    public void OptimizeSameSeedIsReproducibleWithOneWorker()
    {
        double[] Run()
        {
            var study = NewStudy();
            study.Optimize(Quadratic, trials: 10);
            return study.Trials.Select(t => (double)t.Params["x"]).ToArray();
        }
        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void OptimizeFailingObjectiveFailsThatTrialAndGoesOn()
    {
        var study = NewStudy();
        study.Optimize(t => t.Number % 2 == 0 ? throw new InvalidOperationException("boom " + t.Number) : Quadratic(t), trials: 6);
        var failed = study.GetTrials(TrialState.Failed);
        Assert.Equal([0, 2, 4], failed.Select(t => t.Number));
        Assert.Contains("boom 2", failed[1].FailReason);
        Assert.Equal(3, study.GetTrials(TrialState.Complete).Count);
    }

    [Fact]
    public void OptimizeNaNResultFailsTheTrial()
    {
        var study = NewStudy();
        study.Optimize(_ => double.NaN, trials: 2);
        Assert.All(study.Trials, t => Assert.Equal(TrialState.Failed, t.State));
    }

    [Fact]
    public void OptimizeCatchPolicyNoneRethrowsAfterStoringTheFailure()
    {
        var study = NewStudy();
        var e = Assert.Throws<InvalidOperationException>(() =>
            study.Optimize(_ => throw new InvalidOperationException("fatal"), trials: 5, catchPolicy: CatchPolicy.None));
        Assert.Equal("fatal", e.Message);
        Assert.Equal(TrialState.Failed, study.Trials.Single().State);
    }

    [Fact]
    public void OptimizeInvalidSearchSpaceStopsAtOnceByDefault()
    {
        var study = NewStudy();
        Assert.Throws<InvalidSearchSpaceException>(() =>
            study.Optimize(t => t.SuggestFloat("lr", 0, 1, log: true), trials: 10));
        Assert.Single(study.Trials);
    }

    [Fact]
    public void OptimizeCatchPolicyOnlyCatchesJustThoseTypes()
    {
        var study = NewStudy();
        study.Optimize(_ => throw new TimeoutException(), trials: 3, catchPolicy: CatchPolicy.Only(typeof(TimeoutException)));
        Assert.Equal(3, study.GetTrials(TrialState.Failed).Count);
        Assert.Throws<FormatException>(() =>
            study.Optimize(_ => throw new FormatException(), trials: 3, catchPolicy: CatchPolicy.Only(typeof(TimeoutException))));
    }

    [Fact]
    public void OptimizePrunedExceptionStoresPrunedWithLastValue()
    {
        var study = NewStudy();
        study.Optimize(t =>
        {
            t.Report(2.5, 0);
            throw new TrialPrunedException();
        }, trials: 1);
        var trial = study.Trials.Single();
        Assert.Equal(TrialState.Pruned, trial.State);
        Assert.Equal(2.5, trial.Value);
    }

    [Fact]
    public void OptimizeTimeoutStartsNoTrialAfterTheDeadline()
    {
        var study = NewStudy();
        var reason = study.Optimize(t => { Thread.Sleep(50); return Quadratic(t); }, timeout: TimeSpan.FromMilliseconds(300));
        Assert.Equal(StopReason.Timeout, reason);
        Assert.InRange(study.Trials.Count, 1, 8);
        Assert.All(study.Trials, t => Assert.Equal(TrialState.Complete, t.State));
    }

    [Fact]
    public void OptimizeCancelledMarksRunningTrialsFailedAndReturns()
    {
        var study = NewStudy();
        using var cts = new CancellationTokenSource();
        var reason = study.Optimize(t =>
        {
            for (var step = 0; ; step++)
            {
                if (t.Number == 2 && step == 3)
                    cts.Cancel();
                t.Report(step, step);
                Thread.Sleep(1);
                if (step == 5)
                    return step;
            }
        }, parallelism: 2, cancellationToken: cts.Token);
        Assert.Equal(StopReason.Cancelled, reason);
        Assert.Empty(study.GetTrials(TrialState.Running));
        var interrupted = study.GetTrials(TrialState.Failed);
        Assert.Contains(interrupted, t => t.Number == 2);
        Assert.All(interrupted, t => Assert.StartsWith("Interrupted", t.FailReason));
    }

    [Fact]
    public void OptimizeCallbacksSeeEachFinishedTrialAndCanStopTheStudy()
    {
        var study = NewStudy();
        var seen = new List<int>();
        var reason = study.Optimize(Quadratic, trials: 100, callbacks:
        [
            (s, trial) =>
            {
                seen.Add(trial.Number);
                Assert.True(trial.State.IsFinished());
                if (trial.Number == 4)
                    s.Stop();
            },
        ]);
        Assert.Equal(StopReason.Stopped, reason);
        Assert.Equal([0, 1, 2, 3, 4], seen);
    }

    [Fact]
    public async Task OptimizeThrowingCallbackStopsEveryWorkerAndRethrowsTheOriginal()
    {
        var study = NewStudy();
        var optimize = Task.Run(() => study.Optimize(Quadratic, parallelism: 2, callbacks:
        [
            (_, trial) =>
            {
                if (trial.Number == 3)
                    throw new FormatException("callback broke");
            },
        ]));
        // No trial budget was given: only the stop on the callback's error ends the study, so a worker that missed it
        // would run forever. How many microsecond trials the other worker runs before it sees the stop depends on
        // the scheduler (a count bound failed at 78 on a busy CI machine), so what is checked is that it stops.
        Assert.Same(optimize, await Task.WhenAny(optimize, Task.Delay(TimeSpan.FromMinutes(1))));
        var error = await Assert.ThrowsAsync<FormatException>(() => optimize);
        Assert.Equal("callback broke", error.Message);
        Assert.Empty(study.GetTrials(TrialState.Running));
        Assert.True(study.Trials.Count >= 4, "the study stopped before the trial whose callback broke");
    }

    [Fact]
    public void OptimizeObjectiveThatFinishesDespiteTheCancellationKeepsItsValue()
    {
        var study = NewStudy();
        using var cts = new CancellationTokenSource();
        var reason = study.Optimize(t =>
        {
            cts.Cancel();
            return 1.0; // a value that arrived: the trial ran to its end, so it is not evaluated again
        }, trials: 3, cancellationToken: cts.Token);
        Assert.Equal(StopReason.Cancelled, reason);
        var trial = Assert.Single(study.Trials);
        Assert.Equal(TrialState.Complete, trial.State);
        Assert.Equal(1.0, trial.Value);
    }

    [Theory]
    [InlineData(0, null, 1)]
    [InlineData(null, 0, 1)]
    [InlineData(null, null, 0)]
    public void OptimizeBadBudgetsAreRejected(int? trials, int? timeoutMs, int parallelism)
    {
        var study = NewStudy();
        Assert.Throws<ArgumentOutOfRangeException>(() => study.Optimize(Quadratic, trials,
            timeoutMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null, parallelism));
    }
}
