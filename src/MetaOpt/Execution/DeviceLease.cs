namespace MetaOpt.Execution;

/// <summary>One trial's exclusive hold on a device slot; disposing it frees the slot for the next trial.</summary>
public sealed class DeviceLease : IDisposable
{
    private readonly DeviceSlots _owner;
    private int _released;

    internal DeviceLease(DeviceSlots owner, int slot, string device, int trialsPerDevice)
    {
        TrialsPerDevice = trialsPerDevice;
        _owner = owner;
        Slot = slot;
        Device = device;
    }

    /// <summary>The slot's index in <see cref="DeviceSlots.Slots"/>.</summary>
    public int Slot { get; }

    /// <summary>The physical device: <c>cpu</c> or <c>cuda:N</c>, as the trial records it.</summary>
    public string Device { get; }

    /// <summary>How many trials could share the device when this one took it.</summary>
    public int TrialsPerDevice { get; }

    /// <summary>Frees the slot; a second call does nothing.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
            _owner.Release(Slot);
    }
}
