using System.Diagnostics;

namespace MetaOpt.FaultInjection.Tests;

/// <summary>A small tmpfs mounted for one test (root only), so a disk can be filled without touching the real one.</summary>
internal sealed class TmpfsMount : IDisposable
{
    private TmpfsMount(string path) => Path = path;

    /// <summary>Where it is mounted.</summary>
    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="size"/> (such as "256k") at <paramref name="path"/>; null when that is not possible here.</summary>
    public static TmpfsMount? TryMount(string path, string size)
    {
        Directory.CreateDirectory(path);
        return Environment.UserName == "root" && Tool("mount", "-t", "tmpfs", "-o", $"size={size},mode=0777", "tmpfs", path) == 0
            ? new TmpfsMount(path)
            : null;
    }

    /// <summary>Fills what space is left with a file, so later reads meet a disk that is still full.</summary>
    public void Fill()
    {
        using var filler = new FileStream(System.IO.Path.Combine(Path, "filler"), FileMode.Create);
        var block = new byte[4096];
        try
        {
            while (true)
                filler.Write(block);
        }
        catch (IOException)
        {
            // ENOSPC: the disk is full, which is the point.
        }
    }

    public void Dispose() => Tool("umount", "--lazy", Path);

    private static int Tool(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        try
        {
            using var process = Process.Start(start)!;
            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1; // the tool is not installed
        }
    }
}
