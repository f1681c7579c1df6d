using System.Globalization;

namespace MetaOpt.Execution;

/// <summary>
/// The devices an orchestrator places trials on, each shared by a fixed number of trials at once: every running
/// trial holds one slot exclusively, so with four GPUs and one trial per device, four trials train side by side
/// and none shares a GPU.
/// </summary>
/// <remarks>
/// Written as the command line takes it: a comma-separated list of <c>cpu</c>, <c>cpu*N</c> (N CPU slots),
/// <c>cuda</c> (= <c>cuda:0</c>), <c>cuda:N</c> and <c>cuda:all</c> (every GPU the probe finds). Each device then
/// gives <c>trialsPerDevice</c> slots. A GPU that the probe does not find is refused here, before anything runs.
/// </remarks>
public sealed class DeviceSlots
{
    internal const string CudaPrefix = "cuda:";

    private const string Forms = "cpu, cpu*N, cuda, cuda:N or cuda:all, separated by commas";

    private readonly object _gate = new();
    private readonly bool[] _busy;
    // Counts the free slots: what both Acquire and AcquireAsync wait on.
    private readonly SemaphoreSlim _free;

    private DeviceSlots(IReadOnlyList<string> slots)
    {
        Slots = slots;
        _busy = new bool[slots.Count];
        _free = new SemaphoreSlim(slots.Count);
    }

    /// <summary>The device of each slot, in the order slots are handed out (the first free one first).</summary>
    public IReadOnlyList<string> Slots { get; }

    /// <summary>Parses a device list and checks it against the GPUs <paramref name="probe"/> finds.</summary>
    /// <param name="spec">The list, such as <c>cuda:0,cuda:1</c>, <c>cuda:all</c> or <c>cpu*2</c>.</param>
    /// <param name="trialsPerDevice">How many trials share each device, at least 1.</param>
    /// <param name="probe">Counts this machine's GPUs.</param>
    /// <exception cref="ArgumentException">The list is malformed, repeats a device, or names a GPU this machine
    /// lacks; the message names the value and what is allowed.</exception>
    public static DeviceSlots Parse(string spec, int trialsPerDevice, IGpuProbe probe)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(probe);
        if (trialsPerDevice < 1)
            throw new ArgumentOutOfRangeException(nameof(trialsPerDevice), trialsPerDevice, "trialsPerDevice must be at least 1.");
        var devices = new List<string>();
        var gpus = new Lazy<int>(probe.CountGpus);
        foreach (var item in spec.Split(',', StringSplitOptions.TrimEntries))
        {
            foreach (var device in Devices(item, gpus))
            {
                if (devices.Contains(device) && device != "cpu")
                    throw new ArgumentException($"device '{device}' is listed twice in '{spec}'; use --trials-per-device to run several trials on one device.", nameof(spec));
                devices.Add(device);
            }
        }
        return new DeviceSlots(devices.SelectMany(d => Enumerable.Repeat(d, trialsPerDevice)).ToList());
    }

    /// <summary>Waits for a free slot and takes it.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled while waiting.</exception>
    public DeviceLease Acquire(CancellationToken cancellationToken = default)
    {
        _free.Wait(cancellationToken);
        return Take();
    }

    /// <summary>Waits for a free slot without holding a thread, and takes it.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled while waiting.</exception>
    public async ValueTask<DeviceLease> AcquireAsync(CancellationToken cancellationToken = default)
    {
        await _free.WaitAsync(cancellationToken).ConfigureAwait(false);
        return Take();
    }

    /// <summary>Takes the first free slot: the caller waited on <c>_free</c>, so there is one.</summary>
    private DeviceLease Take()
    {
        lock (_gate)
        {
            var free = Array.IndexOf(_busy, false);
            _busy[free] = true;
            return new DeviceLease(this, free, Slots[free]);
        }
    }

    internal void Release(int slot)
    {
        lock (_gate)
            _busy[slot] = false;
        _free.Release();
    }

    private static IEnumerable<string> Devices(string item, Lazy<int> gpus)
    {
        if (item == "cpu")
            return ["cpu"];
        if (item.StartsWith("cpu*", StringComparison.Ordinal))
            return int.TryParse(item.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1
                ? Enumerable.Repeat("cpu", n)
                : throw Malformed(item);
        if (item == "cuda:all")
            return gpus.Value > 0
                ? Enumerable.Range(0, gpus.Value).Select(Cuda)
                : throw NoGpu(item);
        var index = 0;
        if (item != "cuda" && !(item.StartsWith(CudaPrefix, StringComparison.Ordinal)
                                && int.TryParse(item.AsSpan(CudaPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out index)))
            throw Malformed(item);
        if (gpus.Value == 0)
            throw NoGpu(item);
        if (index >= gpus.Value)
            throw new ArgumentException($"device '{item}' does not exist: this machine has {gpus.Value} GPU(s), cuda:0 to cuda:{gpus.Value - 1}.");
        return [Cuda(index)];
    }

    private static string Cuda(int index) => CudaPrefix + index.ToString(CultureInfo.InvariantCulture);

    private static ArgumentException Malformed(string item) =>
        new(string.IsNullOrEmpty(item) ? $"an empty device in the list; use {Forms}." : $"unknown device '{item}'; use {Forms}.");

    private static ArgumentException NoGpu(string item) =>
        new($"device '{item}' needs a GPU, and this machine has none that the NVIDIA driver shows; use cpu.");
}
