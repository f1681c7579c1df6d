using System.Diagnostics;
using System.Globalization;

namespace MetaOpt.Storages.Files;

/// <summary>
/// The right of one <see cref="LiteDbStorage"/> to a storage file, held as an OS lock on the database file itself:
/// a writer excludes every other opener, readers share with readers.
/// </summary>
/// <remarks>
/// <para>LiteDB's direct mode takes no lock that keeps a second process out on Linux, so the lock is ours. On Linux it
/// is an open-file-description lock (fcntl F_OFD_SETLK): it belongs to the inode, so a hard link or a symbolic link
/// meets the same lock; it survives LiteDB closing its own handles of the file (a classic POSIX lock would not);
/// it conflicts within one process too; and the kernel drops it when the holder dies, even by SIGKILL.</para>
/// <para>The holder's pid is published in the lock itself, with no side file: the lock covers
/// [<c>Base</c> + pid, <c>Base</c> + 2^22) (2^22 is Linux's largest pid, <c>Base</c> lies past any real file size),
/// so every holder's range overlaps every other's, and a refused opener asks the kernel for a conflicting lock and
/// reads the pid from where it starts.</para>
/// <para>Elsewhere a byte-range lock through <see cref="FileStream.Lock"/> (exclusive for readers too; none on macOS)
/// and this process's own list of open files stand in.</para>
/// </remarks>
internal sealed class StorageFileLock : IDisposable
{
    private const long Base = 1L << 40;
    private const long PidLimit = 1L << 22;
    private static readonly HashSet<string> HeldByThisProcess = new(StringComparer.Ordinal);

    private readonly FileStream _file;
    private readonly string? _heldPath;

    private StorageFileLock(FileStream file, string? heldPath)
    {
        _file = file;
        _heldPath = heldPath;
    }

    // Short holders (an ask, a reader's refresh) keep the file for milliseconds: a waiting opener looks this often.
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Takes the lock for writing (creating an absent file) or for reading the storage file at <paramref name="path"/>,
    /// trying again for up to <paramref name="wait"/> while another opener holds a lock that conflicts.
    /// </summary>
    /// <exception cref="StorageLockedException">Another opener still held a lock that conflicts when the wait ended.</exception>
    public static StorageFileLock Acquire(string path, bool write, TimeSpan wait = default)
    {
        var file = write
            ? new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete)
            : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var waited = Stopwatch.StartNew();
        try
        {
            while (true)
            {
                try
                {
                    return OperatingSystem.IsLinux() ? LockOnLinux(path, file, write) : LockElsewhere(path, file);
                }
                catch (StorageLockedException) when (waited.Elapsed < wait)
                {
                    Thread.Sleep(RetryInterval);
                }
            }
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Releases the lock; other openers may use the storage file from now on.</summary>
    public void Dispose()
    {
        _file.Dispose();
        if (_heldPath is null)
            return;
        lock (HeldByThisProcess)
            HeldByThisProcess.Remove(_heldPath);
    }

    private static StorageFileLock LockOnLinux(string path, FileStream file, bool write)
    {
        var type = write ? LinuxFiles.WriteLock : LinuxFiles.ReadLock;
        var start = Base + Environment.ProcessId;
        if (LinuxFiles.TryLock(file.SafeFileHandle, type, start, Base + PidLimit - start))
            return new StorageFileLock(file, null);
        var holder = LinuxFiles.ConflictingLockStart(file.SafeFileHandle, type, Base, PidLimit) is { } lockStart
            ? (int)(lockStart - Base)
            : (int?)null;
        throw Refusal(path, holder, write, null);
    }

    private static StorageFileLock LockElsewhere(string path, FileStream file)
    {
        var fullPath = Path.GetFullPath(path);
        lock (HeldByThisProcess)
        {
            if (!HeldByThisProcess.Add(fullPath))
                throw Refusal(path, Environment.ProcessId, write: true, null);
        }
        try
        {
            // macOS has no byte-range locks in .NET: there only this process's own list keeps a second opener out.
            if (!OperatingSystem.IsMacOS())
                file.Lock(Base, 1);
            return new StorageFileLock(file, fullPath);
        }
        catch (IOException e)
        {
            lock (HeldByThisProcess)
                HeldByThisProcess.Remove(fullPath);
            throw Refusal(path, null, write: true, e);
        }
    }

    private static StorageLockedException Refusal(string path, int? holder, bool write, Exception? inner)
    {
        if (holder == Environment.ProcessId)
            return new StorageLockedException(path, holder,
                $"{path} is already open in this process (pid {holder}); dispose the other LiteDbStorage first, " +
                "or share that one instance between threads.", inner);
        var pid = holder?.ToString(CultureInfo.InvariantCulture) ?? "unknown";
        return new StorageLockedException(path, holder, write
            ? $"{path} is in use by another process (pid {pid}); stop it or wait for it to finish."
            : $"{path} is in use by another process (pid {pid}) while it runs; reads are refused to avoid reading a " +
              "half-written file. Wait for it to finish.", inner);
    }
}
