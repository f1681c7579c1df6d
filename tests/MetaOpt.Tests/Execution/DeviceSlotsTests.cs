using MetaOpt.Execution;

namespace MetaOpt.Tests.Execution;

public sealed class DeviceSlotsTests
{
    private sealed class FakeGpus(int count) : IGpuProbe
    {
        public int CountGpus() => count;
    }

    [Theory]
    [InlineData("cpu", 1, new[] { "cpu" })]
    [InlineData("cpu*3", 1, new[] { "cpu", "cpu", "cpu" })]
    [InlineData("cuda", 1, new[] { "cuda:0" })]
    [InlineData("cuda:2, cuda:0", 1, new[] { "cuda:2", "cuda:0" })]
    [InlineData("cuda:all", 1, new[] { "cuda:0", "cuda:1", "cuda:2", "cuda:3" })]
    [InlineData("cuda:1,cpu", 2, new[] { "cuda:1", "cuda:1", "cpu", "cpu" })]
    public void ParseGivesOneSlotPerDeviceAndSharedTrial(string spec, int perDevice, string[] slots) =>
        Assert.Equal(slots, DeviceSlots.Parse(spec, perDevice, new FakeGpus(4)).Slots);

    [Theory]
    [InlineData("gpu", "unknown device 'gpu'")]
    [InlineData("cpu*0", "unknown device 'cpu*0'")]
    [InlineData("cuda:x", "unknown device 'cuda:x'")]
    [InlineData("cuda:0,,cuda:1", "an empty device")]
    [InlineData("cuda:4", "device 'cuda:4' does not exist: this machine has 4 GPU(s), cuda:0 to cuda:3")]
    [InlineData("cuda:1,cuda:1", "device 'cuda:1' is listed twice")]
    public void ParseRefusesABadListNamingTheValue(string spec, string message) =>
        Assert.StartsWith(message, Assert.Throws<ArgumentException>(() => DeviceSlots.Parse(spec, 1, new FakeGpus(4))).Message);

    [Theory]
    [InlineData("cuda")]
    [InlineData("cuda:0")]
    [InlineData("cuda:all")]
    public void ParseRefusesEveryGpuOnAMachineWithoutOne(string spec) =>
        Assert.StartsWith($"device '{spec}' needs a GPU", Assert.Throws<ArgumentException>(() => DeviceSlots.Parse(spec, 1, new FakeGpus(0))).Message);

    [Fact]
    public void AcquireNeverGivesASlotToTwoTrialsAtOnce()
    {
        // Twelve workers compete for four GPUs of two slots each: at no moment may a slot have two holders.
        var slots = DeviceSlots.Parse("cuda:all", 2, new FakeGpus(4));
        var holders = new int[slots.Slots.Count];
        var overbooked = 0;
        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 12 }, _ =>
        {
            using var lease = slots.Acquire();
            if (Interlocked.Increment(ref holders[lease.Slot]) > 1)
                Interlocked.Increment(ref overbooked);
            Thread.SpinWait(2000);
            Interlocked.Decrement(ref holders[lease.Slot]);
        });
        Assert.Equal(0, overbooked);
    }

    [Fact]
    public void AcquireWaitsForAFreeSlotAndStopsWaitingWhenCancelled()
    {
        var slots = DeviceSlots.Parse("cpu", 1, new FakeGpus(0));
        var held = slots.Acquire();
        using var cancel = new CancellationTokenSource();
        var waiting = Task.Run(() => slots.Acquire(cancel.Token));
        Assert.False(waiting.Wait(100));
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => waiting.GetAwaiter().GetResult());
        held.Dispose();
        held.Dispose();
        using var next = slots.Acquire();
        Assert.Equal(0, next.Slot);
    }

    [Fact]
    public async Task AcquireAsyncWaitsForAFreeSlotAndStopsWaitingWhenCancelled()
    {
        var slots = DeviceSlots.Parse("cpu*2", 1, new FakeGpus(0));
        using var first = slots.Acquire();
        var second = slots.Acquire();
        var waiting = slots.AcquireAsync();
        using var cancel = new CancellationTokenSource();
        var cancelled = slots.AcquireAsync(cancel.Token);
        Assert.False(waiting.IsCompleted);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await cancelled);

        second.Dispose();
        using var next = await waiting;
        Assert.Equal(1, next.Slot);
    }
}
