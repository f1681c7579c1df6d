namespace MetaOpt.FaultInjection.Tests;

/// <summary>The unprivileged user the permission attacks run the launcher as, since root reads and writes everything.</summary>
internal static class Nobody
{
    /// <summary>The uid and gid of nobody on Debian.</summary>
    public const int Uid = 65534;

    /// <summary>Whether the tests can switch to nobody: they run as root and <c>setpriv</c> (util-linux) is installed.</summary>
    public static bool CanSwitch => Environment.UserName == "root" && MetaOpt.TestSupport.ExecutablePath.Find("setpriv") is not null;

    /// <summary>Requires the switch to nobody (the test fails under CI without it, skips elsewhere).</summary>
    public static void Require() =>
        MetaOpt.TestSupport.Requires.Tool(CanSwitch, "running as nobody needs root and setpriv (apt-get install util-linux)");
}
