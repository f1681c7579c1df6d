using System.Collections.Concurrent;
using MetaOpt.Execution;

namespace MetaOpt.Tests.Execution;

/// <summary><c>--trials-per-device auto</c>: trials per GPU chosen from a fake GPU's free memory and utilisation.</summary>
public sealed class DevicePackingTests
{
    private const long GiB = 1L << 30;

    private sealed class FakeGpus(int count) : IGpuProbe
    {
        public int CountGpus() => count;
    }

    /// <summary>A GPU with 40 GiB free before the run, then whatever the test sets.</summary>
    private sealed class FakeMonitor : IDeviceMonitor
    {
        public ConcurrentDictionary<string, int> Reads { get; } = new();

        public DeviceReading Now { get; set; } = new(40 * GiB, 80 * GiB, 0);

        public DeviceReading? Read(string device)
        {
            Reads.AddOrUpdate(device, 1, (_, n) => n + 1);
            return device.StartsWith("cuda:", StringComparison.Ordinal) ? Now : null;
        }
    }

    [Theory]
    [InlineData(80, 1.0, 10, 9)] // utilisation bounds: 90 % / 10 %
    [InlineData(10, 3.0, 5, 3)] // memory bounds: 9 GiB / 3 GiB
    [InlineData(80, 1.0, 2, 16)] // both allow more than the cap
    [InlineData(1, 2.0, 50, 1)] // not even one fits: still one
    public void TheChoiceIsTheFewerOfWhatMemoryAndUtilisationAllow(long freeGiB, double trialGiB, double utilisation, int expected) =>
        Assert.Equal(expected, DeviceSlots.ChooseTrialsPerDevice(freeGiB * GiB, (long)(trialGiB * GiB), utilisation));

    [Fact]
    public async Task OneTrialProbesTheGpuThenTheChoiceFollowsTheReadingsAsTrialsFinish()
    {
        var monitor = new FakeMonitor();
        var slots = DeviceSlots.Packed("cuda:0", new FakeGpus(1), monitor);
        var decisions = new List<PackingDecision>();
        slots.PackingChanged += decisions.Add;
        Assert.True(slots.IsPacked);
        Assert.Equal(DeviceSlots.MaxPackedPerDevice, slots.Slots.Count);
        Assert.Equal(1, slots.TrialsPerDevice["cuda:0"]);

        var first = slots.Acquire();
        Assert.Equal(1, first.TrialsPerDevice);
        var waiting = slots.AcquireAsync();
        // Still loading its data: no memory or utilisation of its own yet, so nothing to decide from.
        monitor.Now = new DeviceReading(40 * GiB, 80 * GiB, 0);
        slots.Recheck();
        Assert.False(waiting.IsCompleted);
        Assert.Empty(decisions);

        // Training: 4 GiB and 20 %: memory allows 9, utilisation 4.
        monitor.Now = new DeviceReading(36 * GiB, 80 * GiB, 20);
        slots.Recheck();
        Assert.Equal(4, slots.TrialsPerDevice["cuda:0"]);
        Assert.Equal(new PackingDecision("cuda:0", 4, 1, 40 * GiB, 4 * GiB, 20), Assert.Single(decisions));
        var second = await waiting;
        Assert.Equal(4, second.TrialsPerDevice);
        var third = slots.Acquire();
        var fourth = slots.Acquire();
        var fifth = slots.AcquireAsync();
        Assert.False(fifth.IsCompleted);

        // Four trials together give 100 %, 25 % each: a finishing trial brings the choice down to 3, so the waiting
        // one still waits when a slot is freed.
        monitor.Now = new DeviceReading(24 * GiB, 80 * GiB, 100);
        fourth.Dispose();
        Assert.Equal(3, slots.TrialsPerDevice["cuda:0"]);
        Assert.Equal(new PackingDecision("cuda:0", 3, 4, 40 * GiB, 4 * GiB, 25), decisions[^1]);
        Assert.False(fifth.IsCompleted);

        // Lighter trials (10 % each, 3 GiB) raise it to 9: the waiting trial starts.
        monitor.Now = new DeviceReading(31 * GiB, 80 * GiB, 30);
        third.Dispose();
        Assert.Equal(9, slots.TrialsPerDevice["cuda:0"]);
        Assert.Equal(9, (await fifth).TrialsPerDevice);
        Assert.Equal([4, 3, 9], decisions.Select(d => d.TrialsPerDevice));
        first.Dispose();
        second.Dispose();
    }

    [Fact]
    public async Task CpuDevicesKeepOneTrialEachAndAreNeverRead()
    {
        var monitor = new FakeMonitor();
        var slots = DeviceSlots.Packed("cpu*2", new FakeGpus(0), monitor);
        Assert.Equal(["cpu", "cpu"], slots.Slots);
        Assert.Equal(2, slots.TrialsPerDevice["cpu"]);
        using var a = slots.Acquire();
        using var b = slots.Acquire();
        slots.Recheck();
        Assert.Empty(monitor.Reads);
        using var cancel = new CancellationTokenSource();
        var third = slots.AcquireAsync(cancel.Token).AsTask();
        Assert.False(third.IsCompleted);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => third);
    }

    [Fact]
    public void FixedTrialsPerDeviceOnCpuStarCountsEveryCpuEntry()
    {
        var slots = DeviceSlots.Parse("cpu*3", 2, new FakeGpus(0));
        Assert.False(slots.IsPacked);
        Assert.Equal(6, slots.Slots.Count);
        var leases = Enumerable.Range(0, 6).Select(_ => slots.Acquire()).ToList();
        Assert.Equal(6, leases.Select(l => l.Slot).Distinct().Count());
        // The CPU entries are one device, "cpu", shared by all six.
        Assert.All(leases, l => Assert.Equal(6, l.TrialsPerDevice));
        leases.ForEach(l => l.Dispose());
    }

    [Fact]
    public void OptimizeRecordsTheTrialsPerDeviceEachTrialStartedWith()
    {
        var monitor = new FakeMonitor();
        var slots = DeviceSlots.Packed("cuda:0", new FakeGpus(1), monitor);
        // The GPU reads 2 GiB used and 30 % busy from the first trial on: three at once after it, more as they share.
        monitor.Now = new DeviceReading(38 * GiB, 80 * GiB, 30);
        var study = Study.Create("packed", new StudyOptions { Sampler = new RandomSampler(seed: 1) });
        var running = 0;
        var most = 0;
        study.Optimize(trial =>
        {
            var now = Interlocked.Increment(ref running);
            lock (study)
                most = Math.Max(most, now);
            Thread.Sleep(30);
            Interlocked.Decrement(ref running);
            return trial.SuggestFloat("x", 0, 1);
        }, trials: 8, parallelism: slots.Slots.Count, devices: slots, stopOnCtrlC: false);

        var trials = study.Trials.OrderBy(t => t.Number).ToList();
        Assert.Equal(8, trials.Count);
        Assert.Equal(1L, Convert.ToInt64(trials[0].UserAttrs[Trial.TrialsPerDeviceAttr]));
        Assert.All(trials, t => Assert.Equal("cuda:0", t.UserAttrs[Trial.DeviceAttr]));
        var chosen = trials.Select(t => Convert.ToInt64(t.UserAttrs[Trial.TrialsPerDeviceAttr])).ToList();
        Assert.All(chosen, k => Assert.InRange(k, 1, DeviceSlots.MaxPackedPerDevice));
        Assert.Contains(3L, chosen);
        Assert.InRange(most, 1, chosen.Max());
    }
}
