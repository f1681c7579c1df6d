using System.Diagnostics;
using System.Globalization;
using MetaOpt.Execution;

namespace MetaOpt.Hosting;

/// <summary>Reads a GPU's free memory and utilisation with <c>nvidia-smi</c> (packing trials, <see cref="DeviceSlots.Packed"/>).</summary>
/// <remarks>
/// <c>cuda:N</c> is the N-th GPU CUDA shows: with <c>CUDA_VISIBLE_DEVICES</c> set, its N-th entry (an index or a UUID,
/// both of which <c>nvidia-smi -i</c> takes), as <see cref="NvidiaGpuProbe"/> counts them. A reading that fails (no
/// <c>nvidia-smi</c>, a lost GPU) is null, and the device keeps the trials per device it had.
/// </remarks>
public sealed class NvidiaDeviceMonitor : IDeviceMonitor
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    /// <inheritdoc/>
    public DeviceReading? Read(string device)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (ProcessDevice.VisibleGpu(device) is not { } index)
            return null;
        var visible = Environment.GetEnvironmentVariable("CUDA_VISIBLE_DEVICES")?
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var id = visible is not null && int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n < visible.Length
            ? visible[n]
            : index;
        try
        {
            using var smi = Process.Start(new ProcessStartInfo("nvidia-smi",
                ["-i", id, "--query-gpu=memory.free,memory.total,utilization.gpu", "--format=csv,noheader,nounits"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (smi is null)
                return null;
            var output = smi.StandardOutput.ReadToEndAsync();
            if (!smi.WaitForExit(ReadTimeout))
            {
                smi.Kill();
                return null;
            }
            return smi.ExitCode == 0 ? Parse(output.Result) : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>One line of <c>memory.free, memory.total, utilization.gpu</c> in MiB and percent; null if it is not that.</summary>
    internal static DeviceReading? Parse(string line)
    {
        var fields = line.Trim().Split(',', StringSplitOptions.TrimEntries);
        return fields.Length == 3
               && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var free)
               && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var total)
               && double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var utilisation)
            ? new DeviceReading(free * Mebibyte, total * Mebibyte, utilisation)
            : null;
    }

    private const long Mebibyte = 1024 * 1024;
}
