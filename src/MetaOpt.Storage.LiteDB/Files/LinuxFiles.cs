using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace MetaOpt.Storages.Files;

/// <summary>The few Linux system calls the storage needs that .NET does not expose: file type and open-file-description locks.</summary>
/// <remarks>
/// <c>statx</c> and <c>struct flock</c> have one layout on every 64-bit Linux architecture, unlike <c>struct stat</c>,
/// which is why they are used here.
/// </remarks>
internal static partial class LinuxFiles
{
    public const short ReadLock = 0;   // F_RDLCK
    public const short WriteLock = 1;  // F_WRLCK
    public const short Unlocked = 2;   // F_UNLCK

    private const int OfdGetLock = 36; // F_OFD_GETLK
    private const int OfdSetLock = 37; // F_OFD_SETLK
    private const int AtCurrentDirectory = -100;
    private const uint StatxType = 1;
    private const int StatxModeOffset = 28;
    private const int FileTypeMask = 0xF000;
    private const int RegularFile = 0x8000;

    /// <summary>The type of the file at <paramref name="path"/> (symbolic links followed), or null when it does not exist.</summary>
    public static bool? IsRegularFile(string path)
    {
        Span<byte> buffer = stackalloc byte[256];
        if (statx(AtCurrentDirectory, path, 0, StatxType, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno == 2 ? null : throw new IOException($"Cannot inspect {path}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
        }
        var mode = BitConverter.ToUInt16(buffer[StatxModeOffset..]);
        return (mode & FileTypeMask) == RegularFile;
    }

    /// <summary>Takes a lock of <paramref name="type"/> on [start, start + length) of the open file; false when another holder conflicts.</summary>
    public static bool TryLock(SafeFileHandle file, short type, long start, long length)
    {
        var request = new FileLock { Type = type, Start = start, Length = length };
        if (fcntl(file, OfdSetLock, ref request) == 0)
            return true;
        var errno = Marshal.GetLastPInvokeError();
        return errno is 11 or 13 // EAGAIN, EACCES: held by someone else
            ? false
            : throw new IOException($"Cannot lock the storage file: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
    }

    /// <summary>The start of the first lock that would conflict with a <paramref name="type"/> lock on the range, or null when none would.</summary>
    public static long? ConflictingLockStart(SafeFileHandle file, short type, long start, long length)
    {
        var query = new FileLock { Type = type, Start = start, Length = length };
        if (fcntl(file, OfdGetLock, ref query) != 0)
            return null;
        return query.Type == Unlocked ? null : query.Start;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct FileLock
    {
        public short Type;
        public short Whence;
        public long Start;
        public long Length;
        public int Pid; // must be 0 for open-file-description locks
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(int directory, string path, int flags, uint mask, ref byte buffer);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fcntl(SafeFileHandle file, int command, ref FileLock fileLock);
}
