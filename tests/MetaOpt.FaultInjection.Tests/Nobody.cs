namespace MetaOpt.FaultInjection.Tests;

/// <summary>The unprivileged user the permission attacks run the launcher as, since root reads and writes everything.</summary>
internal static class Nobody
{
    /// <summary>The uid and gid of nobody on Debian.</summary>
    public const int Uid = 65534;

    /// <summary>Whether the tests can switch to nobody: they run as root and <c>setpriv</c> (util-linux) is installed.</summary>
    public static bool CanSwitch => Environment.UserName == "root" && MetaOpt.TestSupport.ExecutablePath.Find("setpriv") is not null;

    private static readonly Lazy<string> ReachableLauncher = new(FindReachableLauncher);

    /// <summary>
    /// The launcher as nobody can run it: the build output itself when every folder above it lets others through,
    /// else a hard-linked (or copied) twin of the output folder under the temporary folder, made once per run. A clone
    /// under /root (mode 700) would otherwise fail every permission attack for a reason that has nothing to do with them.
    /// </summary>
    public static string Launcher => ReachableLauncher.Value;

    /// <summary>Requires the switch to nobody (the test fails under CI without it, skips elsewhere).</summary>
    public static void Require() =>
        MetaOpt.TestSupport.Requires.Tool(CanSwitch, "running as nobody needs root and setpriv (apt-get install util-linux)");

    private static string FindReachableLauncher()
    {
        var folder = AppContext.BaseDirectory.TrimEnd('/');
        if (OthersCanEnter(folder))
            return Path.Combine(folder, "MetaOpt.Launcher");
        var twin = Path.Combine(Path.GetTempPath(), $"metaopt-nobody-{Environment.ProcessId}");
        foreach (var copy in new[] { "-al", "-a" })
        {
            using var cp = System.Diagnostics.Process.Start("cp", [copy, folder, twin])!;
            cp.WaitForExit();
            if (cp.ExitCode == 0)
                return Path.Combine(twin, "MetaOpt.Launcher");
            if (Directory.Exists(twin))
                Directory.Delete(twin, recursive: true);
        }
        throw new IOException($"cannot give nobody a copy of {folder}");
    }

    private static bool OthersCanEnter(string folder)
    {
        for (var dir = new DirectoryInfo(folder); dir is not null; dir = dir.Parent)
        {
            if (!dir.UnixFileMode.HasFlag(UnixFileMode.OtherExecute))
                return false;
        }
        return true;
    }
}
