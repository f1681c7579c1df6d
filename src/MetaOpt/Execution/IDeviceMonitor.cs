namespace MetaOpt.Execution;

/// <summary>
/// Reads a GPU's free memory and utilisation, for <see cref="DeviceSlots.Packed"/> to choose how many trials share
/// it; injectable, so the packing is tested with a fake device.
/// </summary>
public interface IDeviceMonitor
{
    /// <summary>The device's state now; null when it cannot be read (a CPU, or the tool failed).</summary>
    /// <param name="device"><c>cuda:N</c>, numbered as <see cref="IGpuProbe"/> counts them.</param>
    DeviceReading? Read(string device);
}

/// <summary>A GPU's memory and utilisation at one moment.</summary>
/// <param name="FreeBytes">Memory no process holds.</param>
/// <param name="TotalBytes">The device's memory.</param>
/// <param name="Utilisation">Percent of the recent sample period in which a kernel ran, 0 to 100 (nvidia-smi's utilization.gpu).</param>
public sealed record DeviceReading(long FreeBytes, long TotalBytes, double Utilisation);

/// <summary>What <see cref="DeviceSlots.Packed"/> chose for one GPU, and from what.</summary>
/// <param name="Device">The GPU, <c>cuda:N</c>.</param>
/// <param name="TrialsPerDevice">How many trials may now share it (running ones over that number finish undisturbed).</param>
/// <param name="Running">Trials running on it when it was read.</param>
/// <param name="FreeAtStartBytes">Its free memory before the run placed any trial on it.</param>
/// <param name="TrialBytes">The memory one running trial holds: the drop in free memory over the running trials.</param>
/// <param name="TrialUtilisation">The utilisation one running trial gives, in percent: the reading over the running trials.</param>
public sealed record PackingDecision(string Device, int TrialsPerDevice, int Running, long FreeAtStartBytes, long TrialBytes, double TrialUtilisation);
