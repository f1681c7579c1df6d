using System.Runtime.InteropServices;

namespace MetaOpt.FaultInjection.Tests;

/// <summary>POSIX signals sent to a child process, as a user's Ctrl+C, a service manager or the OOM killer would.</summary>
internal static class Signals
{
    /// <summary>SIGINT: Ctrl+C.</summary>
    public const int Interrupt = 2;

    /// <summary>SIGKILL: no chance to clean up.</summary>
    public const int Kill = 9;

    /// <summary>SIGTERM: what systemd, docker stop and kill send by default.</summary>
    public const int Terminate = 15;

    public static void Send(int pid, int signal)
    {
        if (SendSignal(pid, signal) != 0)
            throw new InvalidOperationException($"kill({pid}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}");
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
