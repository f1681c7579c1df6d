using System.Globalization;
using System.Text;

namespace MetaOpt.Storages.Files;

/// <summary>
/// The exclusive right of one <see cref="LiteDbStorage"/> to a storage file, held as an OS lock on a side file
/// "&lt;file&gt;.lock" that also names the holder's process id.
/// </summary>
/// <remarks>
/// LiteDB's direct mode takes no lock that keeps a second process out on Linux, so the lock is ours. It is a
/// byte-range lock (fcntl on Unix, LockFileEx on Windows) on a byte far past the pid text, so a refused opener can
/// still read who holds it, and the OS drops it when the holder dies, even by SIGKILL. POSIX byte-range locks
/// belong to the process, not the handle: a second open in the same process would succeed and its close would
/// drop the first's lock, so this process's holders are also tracked in memory and a second one is refused.
/// The side file is left in place on release (deleting it would let two openers lock different files).
/// </remarks>
internal sealed class StorageFileLock : IDisposable
{
    private const long LockedByte = 1L << 32;
    private static readonly HashSet<string> HeldByThisProcess = new(StringComparer.Ordinal);

    private readonly string _fullPath;
    private readonly FileStream _lockFile;

    private StorageFileLock(string fullPath, FileStream lockFile)
    {
        _fullPath = fullPath;
        _lockFile = lockFile;
    }

    /// <summary>Takes the lock for the storage file at <paramref name="path"/>.</summary>
    /// <exception cref="StorageLockedException">Another process, or another storage of this process, holds it.</exception>
    public static StorageFileLock Acquire(string path)
    {
        var fullPath = Path.GetFullPath(path);
        lock (HeldByThisProcess)
        {
            if (!HeldByThisProcess.Add(fullPath))
                throw new StorageLockedException(path, Environment.ProcessId,
                    $"{path} is already open in this process (pid {Environment.ProcessId}); " +
                    "dispose the other LiteDbStorage first, or share that one instance between threads.");
        }
        try
        {
            return new StorageFileLock(fullPath, LockSideFile(path, fullPath + ".lock"));
        }
        catch
        {
            lock (HeldByThisProcess)
                HeldByThisProcess.Remove(fullPath);
            throw;
        }
    }

    /// <summary>Releases the lock; another process may open the storage file from now on.</summary>
    public void Dispose()
    {
        _lockFile.SetLength(0);
        _lockFile.Dispose();
        lock (HeldByThisProcess)
            HeldByThisProcess.Remove(_fullPath);
    }

    private static FileStream LockSideFile(string path, string lockPath)
    {
        var stream = TryOpenLocked(lockPath, out var owner, out var refusal)
            ?? throw new StorageLockedException(path, owner,
                $"{path} is in use by another process (pid {owner?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}); " +
                "stop it or use another --storage file.", refusal);
        stream.SetLength(0);
        stream.Write(Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n"));
        stream.Flush(flushToDisk: true);
        return stream;
    }

    /// <summary>The side file, locked; or null with the holder's pid (when readable) and the OS's refusal.</summary>
    private static FileStream? TryOpenLocked(string lockPath, out int? owner, out IOException? refusal)
    {
        owner = null;
        refusal = null;
        if (OperatingSystem.IsMacOS())
        {
            // No byte-range locks in .NET on macOS: a whole-file lock, which also hides the pid from the refused opener.
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException e)
            {
                refusal = e;
                return null;
            }
        }
        var stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        try
        {
            stream.Lock(LockedByte, 1);
            return stream;
        }
        catch (IOException e)
        {
            refusal = e;
            owner = ReadOwner(stream);
            stream.Dispose();
            return null;
        }
    }

    private static int? ReadOwner(FileStream stream)
    {
        try
        {
            stream.Position = 0;
            var text = new StreamReader(stream, Encoding.ASCII, leaveOpen: true).ReadToEnd().Trim();
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null; // the pid is a courtesy; the refusal stands without it
        }
    }
}
