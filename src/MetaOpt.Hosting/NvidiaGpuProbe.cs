using MetaOpt.Execution;

namespace MetaOpt.Hosting;

/// <summary>Counts the GPUs the NVIDIA driver exposes under <c>/proc/driver/nvidia/gpus</c>.</summary>
/// <remarks>
/// Reading the driver's folder needs neither libtorch nor CUDA in this process, so the orchestrator can check a
/// <c>--devices</c> list before any study is created, and studies that never train on a GPU never load them.
/// <c>CUDA_VISIBLE_DEVICES</c>, when set, narrows the count as CUDA itself would.
/// </remarks>
public sealed class NvidiaGpuProbe : IGpuProbe
{
    private const string DriverFolder = "/proc/driver/nvidia/gpus";

    /// <inheritdoc/>
    public int CountGpus()
    {
        var installed = Directory.Exists(DriverFolder) ? Directory.GetDirectories(DriverFolder).Length : 0;
        var visible = Environment.GetEnvironmentVariable("CUDA_VISIBLE_DEVICES");
        return visible is null
            ? installed
            : Math.Min(installed, visible.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length);
    }
}
