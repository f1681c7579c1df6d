using System.Globalization;
using TorchSharp;

namespace MetaOpt.Recommender;

/// <summary>Turns a device name chosen at run time into a TorchSharp device, checking that it exists.</summary>
public static class ComputeDevice
{
    /// <summary>Parses "cpu", "cuda" (= "cuda:0") or "cuda:N".</summary>
    /// <exception cref="ArgumentException">The name is none of those, or CUDA is asked for but not available, or N
    /// is not an existing GPU; the message names the value and what is allowed.</exception>
    public static torch.Device Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var text = name.Trim().ToLowerInvariant();
        if (text == "cpu") return torch.CPU;

        int index = 0;
        bool isCuda = text == "cuda" || text.StartsWith("cuda:", StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out index);
        if (!isCuda)
            throw new ArgumentException($"Device '{name}' is not recognised; use 'cpu', 'cuda' or 'cuda:N' (N = 0, 1, ...).", nameof(name));
        if (!torch.cuda.is_available())
            throw new ArgumentException(
                $"Device '{name}' asks for CUDA, but torch.cuda.is_available() is false here (no GPU, or a CPU-only " +
                "LibTorch: build with -p:TorchBackend=cuda on a GPU machine). Use 'cpu'.", nameof(name));
        int count = torch.cuda.device_count();
        if (index >= count)
            throw new ArgumentException($"Device '{name}' does not exist: this machine has {count} CUDA device(s), cuda:0..cuda:{count - 1}.", nameof(name));
        return new torch.Device(DeviceType.CUDA, index);
    }
}
