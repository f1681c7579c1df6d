using System.Diagnostics;
using System.Globalization;

namespace MetaOpt;

/// <summary>Names a worker process as "host:pid:start-ticks", so a later process can tell whether it is still alive.</summary>
/// <remarks>The start time guards against a recycled process id being mistaken for the original owner.</remarks>
internal sealed record ProcessIdentity(string Host, int Pid, long StartTicks)
{
    public static ProcessIdentity Current { get; } = FromProcess(Process.GetCurrentProcess());

    public static ProcessIdentity? Parse(string text)
    {
        var parts = text.Split(':');
        return parts.Length == 3
               && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid)
               && long.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ticks)
            ? new ProcessIdentity(parts[0], pid, ticks)
            : null;
    }

    public bool IsLocal => Host == Current.Host;

    /// <summary>Whether this process still runs; only answerable for processes on this machine.</summary>
    public bool IsAlive()
    {
        if (this == Current)
            return true;
        try
        {
            using var process = Process.GetProcessById(Pid);
            // Linux derives a start time from the boot time, which each process estimates anew, a few ms apart:
            // equal to within a second is the same process (a recycled pid would also need the same second).
            return !process.HasExited && Math.Abs(process.StartTime.ToUniversalTime().Ticks - StartTicks) < TimeSpan.TicksPerSecond;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Host}:{Pid}:{StartTicks}");

    private static ProcessIdentity FromProcess(Process process) =>
        new(Environment.MachineName, process.Id, process.StartTime.ToUniversalTime().Ticks);
}
