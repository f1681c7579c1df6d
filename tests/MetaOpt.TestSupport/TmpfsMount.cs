using System.Diagnostics;
using Xunit;

namespace MetaOpt.TestSupport;

/// <summary>
/// A small tmpfs mounted on a fresh directory for one test: a device that fills up, or one made read-only, without
/// touching the real disk. Needs root (CI runs as root): through <see cref="Requires.Tool"/>, CI fails and other
/// machines skip when it cannot be mounted.
/// </summary>
public sealed class TmpfsMount : IDisposable
{
    private TmpfsMount(string path) => Path = path;

    /// <summary>Where it is mounted.</summary>
    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="size"/> (such as "256k"), writable by every user.</summary>
    public static TmpfsMount Create(string size)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "metaopt-tmpfs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        var mounted = !OperatingSystem.IsWindows() && Run("mount", "-t", "tmpfs", "-o", $"size={size},mode=0777", "tmpfs", path);
        if (!mounted)
            Directory.Delete(path);
        Requires.Tool(mounted, $"a {size} tmpfs could not be mounted (mount -t tmpfs needs root and util-linux)");
        return new TmpfsMount(path);
    }

    /// <summary>A path on the mounted file system.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Makes the file system read-only, as a device remounted read-only after an error would be.</summary>
    public void MakeReadOnly() => Assert.True(Run("mount", "-o", "remount,ro", Path), "remounting the tmpfs read-only failed");

    /// <summary>Fills the space left with one file, so that what runs next meets a disk that is still full.</summary>
    public void Fill()
    {
        using var filler = new FileStream(File("filler"), FileMode.Create);
        var block = new byte[4096];
        try
        {
            while (true)
                filler.Write(block);
        }
        catch (IOException)
        {
            // No space left: the disk is full, as wanted.
        }
    }

    /// <summary>Unmounts it and deletes the mount point.</summary>
    public void Dispose()
    {
        if (Run("umount", "--lazy", Path))
            Directory.Delete(Path, recursive: true);
    }

    private static bool Run(string program, params string[] arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
