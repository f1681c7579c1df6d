using System.Collections.Concurrent;
using MetaOpt.Execution;

namespace MetaOpt.Tests.Execution;

/// <summary>Study.Optimize placing trials on device slots, on a machine that pretends to have four GPUs.</summary>
public sealed class DevicePlacementTests
{
    private sealed class FakeGpus(int count) : IGpuProbe
    {
        public int CountGpus() => count;
    }

    /// <summary>
    /// An objective that records the device it was given and fails its trial when a device already holds as many
    /// running trials as it has slots: the placement the orchestrator promises, checked from inside the trials.
    /// </summary>
    private sealed class RecordingObjective(int trialsPerDevice)
    {
        private readonly ConcurrentDictionary<string, int> _running = new();
        private int _overbooked;
        private int _concurrent;

        public ConcurrentDictionary<int, string?> Given { get; } = new();

        public int Overbooked => _overbooked;

        public int MostConcurrent { get; private set; }

        public double Evaluate(Trial trial)
        {
            Given[trial.Number] = trial.Device;
            var device = trial.Device ?? throw new InvalidOperationException("no device given");
            var onDevice = _running.AddOrUpdate(device, 1, (_, n) => n + 1);
            var concurrent = Interlocked.Increment(ref _concurrent);
            lock (_running)
                MostConcurrent = Math.Max(MostConcurrent, concurrent);
            try
            {
                if (onDevice > trialsPerDevice)
                {
                    Interlocked.Increment(ref _overbooked);
                    throw new InvalidOperationException($"{device} is shared by {onDevice} running trials");
                }
                Thread.Sleep(20);
                return trial.SuggestFloat("x", 0, 1);
            }
            finally
            {
                Interlocked.Decrement(ref _concurrent);
                _running.AddOrUpdate(device, 0, (_, n) => n - 1);
            }
        }
    }

    private static Study NewStudy() => Study.Create("placed", new StudyOptions { Sampler = new RandomSampler(seed: 1) });

    [Fact]
    public void EveryRunningTrialHoldsItsOwnGpuAndRecordsIt()
    {
        var study = NewStudy();
        var objective = new RecordingObjective(trialsPerDevice: 1);
        var slots = DeviceSlots.Parse("cuda:all", 1, new FakeGpus(4));
        study.Optimize(objective.Evaluate, trials: 24, parallelism: 4, devices: slots, stopOnCtrlC: false);

        Assert.Equal(0, objective.Overbooked);
        Assert.All(study.Trials, t => Assert.Equal(TrialState.Complete, t.State));
        // The device the objective was given is the one the trial records.
        Assert.All(study.Trials, t => Assert.Equal(objective.Given[t.Number], t.UserAttrs[Trial.DeviceAttr]));
        Assert.Equal(["cuda:0", "cuda:1", "cuda:2", "cuda:3"], study.Trials.Select(t => (string)t.UserAttrs[Trial.DeviceAttr]).Distinct().Order());
    }

    [Fact]
    public void MoreWorkersThanSlotsWaitForAFreeSlot()
    {
        var study = NewStudy();
        var objective = new RecordingObjective(trialsPerDevice: 2);
        var slots = DeviceSlots.Parse("cuda:1,cuda:3", 2, new FakeGpus(4));
        study.Optimize(objective.Evaluate, trials: 30, parallelism: 8, devices: slots, stopOnCtrlC: false);

        Assert.Equal(0, objective.Overbooked);
        Assert.InRange(objective.MostConcurrent, 1, 4);
        Assert.Equal(30, study.GetTrials(TrialState.Complete).Count);
        Assert.Equal(["cuda:1", "cuda:3"], study.Trials.Select(t => (string)t.UserAttrs[Trial.DeviceAttr]).Distinct().Order());
    }

    [Fact]
    public void WithoutSlotsTrialsHaveNoDevice()
    {
        var study = NewStudy();
        study.Optimize(t => t.Device is null ? t.SuggestFloat("x", 0, 1) : throw new InvalidOperationException(t.Device), trials: 3, stopOnCtrlC: false);
        Assert.All(study.Trials, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.All(study.Trials, t => Assert.False(t.UserAttrs.ContainsKey(Trial.DeviceAttr)));
    }

    [Fact]
    public void CancellingWhileWorkersWaitForASlotStopsAsCancelled()
    {
        var study = NewStudy();
        var slots = DeviceSlots.Parse("cpu", 1, new FakeGpus(0));
        using var cancel = new CancellationTokenSource();
        var reason = study.Optimize(t =>
        {
            // Three other workers wait for the single slot while this trial cancels the study.
            Thread.Sleep(50);
            cancel.Cancel();
            return 1;
        }, parallelism: 4, devices: slots, stopOnCtrlC: false, cancellationToken: cancel.Token);

        Assert.Equal(StopReason.Cancelled, reason);
        Assert.Single(study.Trials);
        Assert.DoesNotContain(study.Trials, t => t.State == TrialState.Running);
    }
}
