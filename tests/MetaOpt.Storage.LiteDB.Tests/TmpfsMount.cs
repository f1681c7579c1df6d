using System.Diagnostics;
using MetaOpt.TestSupport;

namespace MetaOpt.Storage.LiteDB.Tests;

/// <summary>A small tmpfs mounted on a fresh directory for one test (a device that fills up, or one made read-only); needs root, as in CI.</summary>
internal sealed class TmpfsMount : IDisposable
{
    private readonly TempDirectory _directory = new();

    private TmpfsMount()
    {
    }

    public string Path => _directory.FullPath;

    public string File(string name) => _directory.File(name);

    /// <summary>Mounts a tmpfs of <paramref name="size"/> (such as "256k"); CI fails and other machines skip when it cannot.</summary>
    public static TmpfsMount Create(string size)
    {
        var mount = new TmpfsMount();
        var mounted = !OperatingSystem.IsWindows() && Run("mount", "-t", "tmpfs", "-o", $"size={size}", "tmpfs", mount.Path);
        if (!mounted)
            mount._directory.Dispose();
        Requires.Tool(mounted, $"a {size} tmpfs could not be mounted (mount -t tmpfs needs root)");
        return mount;
    }

    /// <summary>Makes the file system read-only, as a device remounted read-only after an error would be.</summary>
    public void MakeReadOnly() => Assert.True(Run("mount", "-o", "remount,ro", Path), "remounting the tmpfs read-only failed");

    public void Dispose()
    {
        Run("umount", Path);
        _directory.Dispose();
    }

    private static bool Run(string program, params string[] arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
