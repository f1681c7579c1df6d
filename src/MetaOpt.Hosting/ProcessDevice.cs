using MetaOpt.Execution;

namespace MetaOpt.Hosting;

/// <summary>A device slot as the worker process placed on it sees it: through <c>CUDA_VISIBLE_DEVICES</c>, only its GPU.</summary>
internal static class ProcessDevice
{
    /// <summary>The GPU index a process placed on <paramref name="device"/> gets in <c>CUDA_VISIBLE_DEVICES</c>, or null for the CPU.</summary>
    public static string? VisibleGpu(string device) =>
        device.StartsWith(DeviceSlots.CudaPrefix, StringComparison.Ordinal) ? device[DeviceSlots.CudaPrefix.Length..] : null;

    /// <summary><paramref name="device"/> as a process that sees only that GPU names it (<c>cuda:0</c>), or <c>cpu</c>.</summary>
    public static string InOwnProcess(string device) => VisibleGpu(device) is null ? device : DeviceSlots.CudaPrefix + "0";
}
