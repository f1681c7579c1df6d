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

    /// <summary>The most trials <see cref="Packed"/> puts on one GPU.</summary>
    public const int MaxPackedPerDevice = 16;

    /// <summary>Packing aims at this GPU utilisation, in percent: more trials than that would only queue kernels.</summary>
    public const double TargetUtilisation = 90;

    /// <summary>The share of a GPU's free memory at the start that packing leaves unused, for allocator peaks.</summary>
    public const double MemoryReserve = 0.1;

    private readonly object _gate = new();
    private readonly bool[] _busy;
    private readonly Dictionary<string, DeviceState> _devices;
    private readonly IDeviceMonitor? _monitor;
    // Completed and replaced whenever a slot may have become takeable (a release, a raised limit): what waiters wait on.
    private TaskCompletionSource _changed = NewSignal();
    private long _lastRecheck = Environment.TickCount64;

    // Each listed device gives slotsPerDevice(device) slots; a device starts with limit of them takeable (for cpu*N,
    // the cpu entries together).
    private DeviceSlots(List<string> devices, Func<string, int> slotsPerDevice, int limit, IDeviceMonitor? monitor)
    {
        Slots = devices.SelectMany(d => Enumerable.Repeat(d, slotsPerDevice(d))).ToList();
        _busy = new bool[Slots.Count];
        _monitor = monitor;
        _devices = devices.Distinct().ToDictionary(d => d, d => new DeviceState { Limit = limit * devices.Count(x => x == d) });
        if (monitor is not null)
            foreach (var (device, state) in _devices)
                state.AtStart = IsGpu(device) ? monitor.Read(device) : null;
    }

    /// <summary>The device of each slot, in the order slots are handed out (the first takeable one first). With
    /// <see cref="Packed"/>, each GPU has <see cref="MaxPackedPerDevice"/> slots, of which its current
    /// <see cref="TrialsPerDevice"/> are takeable.</summary>
    public IReadOnlyList<string> Slots { get; }

    /// <summary>Whether the trials per GPU are chosen as the run goes (<see cref="Packed"/>).</summary>
    public bool IsPacked => _monitor is not null;

    /// <summary>How often waiting for a slot re-reads the packed GPUs: the probe of a first trial takes this long.</summary>
    public static TimeSpan RecheckInterval { get; } = TimeSpan.FromSeconds(10);

    /// <summary>Raised, outside any lock, each time packing changes a GPU's trials per device.</summary>
    public event Action<PackingDecision>? PackingChanged;

    /// <summary>How many trials may share each device now.</summary>
    public IReadOnlyDictionary<string, int> TrialsPerDevice
    {
        get
        {
            lock (_gate)
                return _devices.ToDictionary(p => p.Key, p => p.Value.Limit);
        }
    }

    /// <summary>Parses a device list and checks it against the GPUs <paramref name="probe"/> finds.</summary>
    /// <param name="spec">The list, such as <c>cuda:0,cuda:1</c>, <c>cuda:all</c> or <c>cpu*2</c>.</param>
    /// <param name="trialsPerDevice">How many trials share each device, at least 1.</param>
    /// <param name="probe">Counts this machine's GPUs.</param>
    /// <exception cref="ArgumentException">The list is malformed, repeats a device, or names a GPU this machine
    /// lacks; the message names the value and what is allowed.</exception>
    public static DeviceSlots Parse(string spec, int trialsPerDevice, IGpuProbe probe)
    {
        if (trialsPerDevice < 1)
            throw new ArgumentOutOfRangeException(nameof(trialsPerDevice), trialsPerDevice, "trialsPerDevice must be at least 1.");
        var devices = ParseDevices(spec, probe);
        return new DeviceSlots(devices, _ => trialsPerDevice, trialsPerDevice, null);
    }

    /// <summary>
    /// Parses a device list as <see cref="Parse"/> and packs trials onto its GPUs: each starts with one trial, whose
    /// memory and utilisation <paramref name="monitor"/> reads once the trial shows both; then as many trials share the
    /// GPU as fit in 90 % of its free memory at the start (<see cref="MemoryReserve"/>) and add up to
    /// <see cref="TargetUtilisation"/>, at most <see cref="MaxPackedPerDevice"/>. The choice is made again whenever a
    /// trial finishes and every <see cref="RecheckInterval"/> while a trial waits. CPU devices keep one trial each.
    /// </summary>
    /// <exception cref="ArgumentException">As <see cref="Parse"/>.</exception>
    public static DeviceSlots Packed(string spec, IGpuProbe probe, IDeviceMonitor monitor)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        var devices = ParseDevices(spec, probe);
        return new DeviceSlots(devices, d => IsGpu(d) ? MaxPackedPerDevice : 1, 1, monitor);
    }

    /// <summary>Waits for a free slot and takes it.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled while waiting.</exception>
    public DeviceLease Acquire(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (TakeOrSignal(out var changed) is { } lease)
                return lease;
            if (!changed.Wait(WaitLimit, cancellationToken))
                RecheckIfDue();
        }
    }

    /// <summary>Waits for a free slot without holding a thread, and takes it.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled while waiting.</exception>
    public async ValueTask<DeviceLease> AcquireAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (TakeOrSignal(out var changed) is { } lease)
                return lease;
            try
            {
                await changed.WaitAsync(WaitLimit, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                RecheckIfDue();
            }
        }
    }

    // A packed waiter wakes to read the GPUs; otherwise only a release can free a slot.
    private TimeSpan WaitLimit => IsPacked ? RecheckInterval : Timeout.InfiniteTimeSpan;

    /// <summary>Takes a slot if one is takeable; otherwise hands out the signal of the next change to wait on.</summary>
    private DeviceLease? TakeOrSignal(out Task changed)
    {
        lock (_gate)
        {
            changed = _changed.Task;
            return TryTake();
        }
    }

    /// <summary>
    /// Reads every packed GPU that runs a trial and sets its trials per device from the reading; does nothing without
    /// packing. Called as trials finish and while trials wait; public for tests and callers with their own schedule.
    /// </summary>
    public void Recheck()
    {
        if (_monitor is null)
            return;
        foreach (var device in _devices.Keys.Where(IsGpu))
            Recheck(device);
    }

    // Many workers wait at once: one reading per interval serves them all.
    private void RecheckIfDue()
    {
        var now = Environment.TickCount64;
        lock (_gate)
        {
            if (now - _lastRecheck < RecheckInterval.TotalMilliseconds)
                return;
            _lastRecheck = now;
        }
        Recheck();
    }

    private void Recheck(string device)
    {
        int running;
        lock (_gate)
            running = _devices[device].Running;
        if (running == 0 || _monitor!.Read(device) is not { } now)
            return;
        PackingDecision? decision = null;
        lock (_gate)
        {
            var state = _devices[device];
            if (state.AtStart is not { } start || state.Running == 0)
                return;
            var trialBytes = Math.Max(0, start.FreeBytes - now.FreeBytes) / state.Running;
            var trialUtilisation = now.Utilisation / state.Running;
            // A trial still loading its data shows neither yet: nothing to decide from.
            if (trialBytes == 0 || trialUtilisation <= 0)
                return;
            var limit = ChooseTrialsPerDevice(start.FreeBytes, trialBytes, trialUtilisation);
            if (limit != state.Limit)
            {
                state.Limit = limit;
                decision = new PackingDecision(device, limit, state.Running, start.FreeBytes, trialBytes, trialUtilisation);
                Signal();
            }
        }
        if (decision is not null)
            PackingChanged?.Invoke(decision);
    }

    /// <summary>How many trials of <paramref name="trialBytes"/> and <paramref name="trialUtilisation"/> percent
    /// share a GPU with <paramref name="freeAtStartBytes"/> free: the fewer of what memory and utilisation allow,
    /// 1 to <see cref="MaxPackedPerDevice"/>.</summary>
    internal static int ChooseTrialsPerDevice(long freeAtStartBytes, long trialBytes, double trialUtilisation)
    {
        var byMemory = Math.Floor(freeAtStartBytes * (1 - MemoryReserve) / trialBytes);
        var byUtilisation = Math.Floor(TargetUtilisation / trialUtilisation);
        return (int)Math.Clamp(Math.Min(byMemory, byUtilisation), 1, MaxPackedPerDevice);
    }

    /// <summary>Takes the first free slot whose device is under its limit, or returns null.</summary>
    private DeviceLease? TryTake()
    {
        for (var slot = 0; slot < _busy.Length; slot++)
        {
            var state = _devices[Slots[slot]];
            if (_busy[slot] || state.Running >= state.Limit)
                continue;
            _busy[slot] = true;
            state.Running++;
            return new DeviceLease(this, slot, Slots[slot], state.Limit);
        }
        return null;
    }

    internal void Release(int slot)
    {
        // Read while the finishing trial still counts: its memory is still held (allocator caches, a pooled worker)
        // and the utilisation covers the last moments it ran, so even a run of one short trial gets its probe.
        if (_monitor is not null && IsGpu(Slots[slot]))
            Recheck(Slots[slot]);
        lock (_gate)
        {
            _busy[slot] = false;
            _devices[Slots[slot]].Running--;
            Signal();
        }
    }

    // Called under _gate: wakes every waiter, which then tries again.
    private void Signal()
    {
        _changed.TrySetResult();
        _changed = NewSignal();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static bool IsGpu(string device) => device.StartsWith(CudaPrefix, StringComparison.Ordinal);

    private static List<string> ParseDevices(string spec, IGpuProbe probe)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(probe);
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
        return devices;
    }

    private sealed class DeviceState
    {
        public int Limit { get; set; }
        public int Running { get; set; }
        public DeviceReading? AtStart { get; set; }
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
