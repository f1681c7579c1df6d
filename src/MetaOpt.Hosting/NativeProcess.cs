using System.Runtime.InteropServices;

namespace MetaOpt.Hosting;

/// <summary>The few Linux process calls that .NET does not offer: sessions, parent-death signals, limits, group kills.</summary>
internal static partial class NativeProcess
{
    public const int SigKill = 9;

    private const int PrSetPdeathsig = 1;
    private const int RlimitAs = 9;

    /// <summary>Makes this process the leader of a new session and process group, so the parent can kill its whole tree.</summary>
    public static void StartOwnGroup() => _ = setsid();

    /// <summary>Asks the kernel to SIGKILL this process when the thread that started it ends (its parent was killed).</summary>
    public static void DieWithParent() => _ = prctl(PrSetPdeathsig, SigKill, 0, 0, 0);

    public static int ParentId => getppid();

    /// <summary>Caps this process's address space at <paramref name="bytes"/>; false when the kernel refused.</summary>
    public static bool LimitAddressSpace(ulong bytes)
    {
        var limit = new RLimit { Current = bytes, Maximum = bytes };
        return setrlimit(RlimitAs, ref limit) == 0;
    }

    /// <summary>SIGKILLs the process group led by <paramref name="pid"/> and the process itself (in case it has not made its group yet).</summary>
    public static void KillGroup(int pid)
    {
        _ = kill(-pid, SigKill);
        _ = kill(pid, SigKill);
    }

    /// <summary>Whether any process is still in the group led by <paramref name="pid"/> (signal 0 checks without sending).</summary>
    public static bool GroupExists(int pid) => kill(-pid, 0) == 0;

    /// <summary>The name of a Linux signal number, such as <c>SIGSEGV</c> for 11; null for one without a usual name.</summary>
    public static string? SignalName(int signal) => signal switch
    {
        1 => "SIGHUP",
        2 => "SIGINT",
        3 => "SIGQUIT",
        4 => "SIGILL",
        5 => "SIGTRAP",
        6 => "SIGABRT",
        7 => "SIGBUS",
        8 => "SIGFPE",
        9 => "SIGKILL",
        10 => "SIGUSR1",
        11 => "SIGSEGV",
        12 => "SIGUSR2",
        13 => "SIGPIPE",
        14 => "SIGALRM",
        15 => "SIGTERM",
        24 => "SIGXCPU",
        25 => "SIGXFSZ",
        31 => "SIGSYS",
        _ => null,
    };

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setsid();

    [LibraryImport("libc", SetLastError = true)]
    private static partial int prctl(int option, nint arg2, nint arg3, nint arg4, nint arg5);

    [LibraryImport("libc")]
    private static partial int getppid();

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setrlimit(int resource, ref RLimit limit);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
