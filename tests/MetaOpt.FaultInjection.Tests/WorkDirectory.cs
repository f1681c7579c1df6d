using System.Security.Cryptography;

namespace MetaOpt.FaultInjection.Tests;

/// <summary>A fresh directory for one attack, readable by nobody, deleted afterwards.</summary>
internal sealed class WorkDirectory : IDisposable
{
    public WorkDirectory()
    {
        Directory.CreateDirectory(Path);
        // Searchable by everyone: the permission attacks run the launcher as nobody inside it.
        System.IO.File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                                   UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "metaopt-faults-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>The sha256 of a file, or of its absence, to prove an attack changed nothing.</summary>
    public static string Sha256(string path) =>
        System.IO.File.Exists(path) ? Convert.ToHexString(SHA256.HashData(System.IO.File.ReadAllBytes(path))) : "absent";

    /// <summary>Every file and folder below the directory with its sha256, to prove a refused command created nothing.</summary>
    public IReadOnlyDictionary<string, string> Snapshot() =>
        Directory.EnumerateFileSystemEntries(Path, "*", SearchOption.AllDirectories)
            .ToDictionary(entry => System.IO.Path.GetRelativePath(Path, entry), entry => Directory.Exists(entry) ? "dir" : Sha256(entry));

    public void Dispose()
    {
        if (Directory.Exists(Path))
            Directory.Delete(Path, recursive: true);
    }
}
