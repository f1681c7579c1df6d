using MetaOpt.Execution;

namespace MetaOpt.Tests;

/// <summary>
/// OptimizeAsync with objectives that await: gated by the test, never by the clock, and judged as Optimize judges its
/// synchronous objectives.
/// </summary>
public class OptimizeAsyncTests
{
    private static Study NewStudy(bool retry = false) =>
        Study.Create("opt", new StudyOptions { Sampler = new RandomSampler(seed: 5), RetryFailedTrials = retry });

    /// <summary>Async objectives that wait at a gate the test opens one trial at a time, counting how many are in flight.</summary>
    private sealed class GatedObjective
    {
        private readonly SemaphoreSlim _gate = new(0);
        private int _inFlight;
        private int _most;

        public SemaphoreSlim Entered { get; } = new(0);

        private SemaphoreSlim Left { get; } = new(0);

        public int InFlight => Volatile.Read(ref _inFlight);

        public int Most => Volatile.Read(ref _most);

        public List<string?> Devices { get; } = [];

        /// <summary>Lets one waiting trial go on, and waits until it no longer counts as in flight.</summary>
        public async Task Open()
        {
            _gate.Release();
            await Left.WaitAsync();
        }

        public async ValueTask<double> Evaluate(Trial trial)
        {
            var x = trial.SuggestFloat("x", 0, 1);
            var now = Interlocked.Increment(ref _inFlight);
            lock (Devices)
            {
                _most = Math.Max(_most, now);
                Devices.Add(trial.Device);
            }
            Entered.Release();
            await _gate.WaitAsync();
            Interlocked.Decrement(ref _inFlight);
            Left.Release();
            return x;
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task OptimizeAsyncKeepsParallelismTrialsInFlightAndNeverMore(int parallelism)
    {
        var study = NewStudy();
        var objective = new GatedObjective();

        var run = study.OptimizeAsync(objective.Evaluate, trials: 9, parallelism: parallelism);
        for (int opened = 0, entered = 0; opened < 9; opened++)
        {
            // Every trial that can start has started before one is let through: in flight is then exactly the
            // parallelism (or what is left of the budget).
            for (; entered < Math.Min(9, parallelism + opened); entered++)
                await objective.Entered.WaitAsync();
            Assert.Equal(Math.Min(parallelism, 9 - opened), objective.InFlight);
            await objective.Open();
        }

        Assert.Equal(StopReason.TrialsDone, await run);
        Assert.Equal(parallelism, objective.Most);
        Assert.Equal(9, study.Trials.Count);
        Assert.All(study.Trials, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.All(study.Trials, t => Assert.Equal(t.Params["x"], t.Value));
    }

    [Fact]
    public async Task OptimizeAsyncWithDevicesRunsNoMoreTrialsThanSlots()
    {
        var study = NewStudy();
        var objective = new GatedObjective();
        var slots = DeviceSlots.Parse("cpu*2", 1, new NoGpus());

        var run = study.OptimizeAsync(objective.Evaluate, trials: 6, parallelism: 4, devices: slots);
        for (int opened = 0, entered = 0; opened < 6; opened++)
        {
            for (; entered < Math.Min(6, 2 + opened); entered++)
                await objective.Entered.WaitAsync();
            Assert.Equal(Math.Min(2, 6 - opened), objective.InFlight);
            await objective.Open();
        }

        Assert.Equal(StopReason.TrialsDone, await run);
        Assert.Equal(2, objective.Most);
        Assert.All(objective.Devices, d => Assert.Equal("cpu", d));
        Assert.All(study.Trials, t => Assert.Equal("cpu", t.UserAttrs[Trial.DeviceAttr]));
    }

    [Fact]
    public async Task OptimizeAsyncCancelledInterruptsTheTrialThatStopsOnItAndKeepsAValueThatArrives()
    {
        var study = NewStudy(retry: true);
        using var cancellation = new CancellationTokenSource();
        var bothStarted = new CountdownEvent(2);
        var finishAnyway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var run = study.OptimizeAsync(async t =>
        {
            var x = t.SuggestFloat("x", 0, 1);
            bothStarted.Signal();
            if (t.Number == 0)
                await finishAnyway.Task; // ignores the token: its value arrives after the cancellation
            else
                await Task.Delay(Timeout.Infinite, t.CancellationToken);
            return x;
        }, trials: 10, parallelism: 2, cancellationToken: cancellation.Token);
        await Task.Run(() => bothStarted.Wait());
        cancellation.Cancel();
        finishAnyway.SetResult();

        Assert.Equal(StopReason.Cancelled, await run);
        Assert.Equal([TrialState.Complete, TrialState.Failed, TrialState.Waiting], study.Trials.Select(t => t.State));
        Assert.Equal(study.Trials[0].Params["x"], study.Trials[0].Value);
        Assert.StartsWith("Interrupted", study.Trials[1].FailReason);
        Assert.Equal(1, study.Trials[2].SystemAttrs[Study.RetryOfAttr]);
        Assert.Equal(1, study.FinishedTrialCount);
    }

    /// <summary>What a trial of number n does, the same whether it awaits or not.</summary>
    private static double Outcome(Trial t) => t.Number switch
    {
        0 => t.SuggestFloat("x", 0, 1),
        1 => throw new InvalidOperationException("boom"),
        2 => throw new TrialPrunedException(),
        3 => double.NaN,
        _ => throw new TimeoutException("slow"),
    };

    private static IEnumerable<(TrialState, double?, string?)> Stored(Study study) =>
        study.Trials.Select(t => (t.State, t.Value, t.FailReason?.Split('\n', 2)[0]));

    [Fact]
    public async Task OptimizeAsyncStoresEachOutcomeAsOptimizeDoes()
    {
        var sync = NewStudy();
        sync.Optimize(Outcome, trials: 5);
        var async = NewStudy();

        var reason = await async.OptimizeAsync(async t =>
        {
            await Task.Yield();
            return Outcome(t);
        }, trials: 5);

        Assert.Equal(StopReason.TrialsDone, reason);
        Assert.Equal(
            [TrialState.Complete, TrialState.Failed, TrialState.Pruned, TrialState.Failed, TrialState.Failed],
            async.Trials.Select(t => t.State));
        Assert.Equal(Stored(sync), Stored(async));
    }

    [Fact]
    public async Task OptimizeAsyncExceptionTheCatchPolicyLetsThroughFaultsTheTaskAfterStoringTheFailure()
    {
        var study = NewStudy();

        var error = await Assert.ThrowsAsync<TimeoutException>(() => study.OptimizeAsync(async t =>
        {
            await Task.Yield();
            return t.Number < 2 ? t.SuggestFloat("x", 0, 1) : throw new TimeoutException("slow");
        }, trials: 10, catchPolicy: CatchPolicy.Only(typeof(InvalidOperationException))));

        Assert.Equal("slow", error.Message);
        Assert.Equal([TrialState.Complete, TrialState.Complete, TrialState.Failed], study.Trials.Select(t => t.State));
    }

    [Fact]
    public async Task OptimizeAsyncInvalidSearchSpaceStopsAtOnceByDefault()
    {
        var study = NewStudy();
        await Assert.ThrowsAsync<InvalidSearchSpaceException>(() => study.OptimizeAsync(async t =>
        {
            await Task.Yield();
            return t.SuggestFloat("lr", 0, 1, log: true);
        }, trials: 10));
        Assert.Single(study.Trials);
    }

    [Fact]
    public void OptimizeAsyncBadBudgetIsRejectedBeforeATaskExists()
    {
        var study = NewStudy();
        // Thrown by the call itself, as an Action shows: the returned task would be a later, easily lost, fault.
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = study.OptimizeAsync(_ => ValueTask.FromResult(1.0), parallelism: 0); });
        Assert.Throws<ArgumentNullException>(() => { _ = study.OptimizeAsync(null!); });
        Assert.Empty(study.Trials);
    }

    private sealed class NoGpus : IGpuProbe
    {
        public int CountGpus() => 0;
    }
}
