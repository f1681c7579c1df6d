namespace MetaOpt;

/// <summary>
/// The device holding the storage file has no space left. Every write that returned before this one is kept; the
/// storage refuses further writes with this exception. Reads of the file (<see cref="LiteDbStorage.OpenReadOnly(string)"/>)
/// still work.
/// </summary>
public sealed class StorageFullException : StorageFileException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The storage file whose write failed.</param>
    /// <param name="innerException">The operating system's error.</param>
    public StorageFullException(string path, Exception? innerException = null)
        : base(path, $"No space left on the device holding {path}.", innerException)
    {
    }

    /// <summary>Whether <paramref name="error"/> is the operating system saying the disk is full (ENOSPC, or Windows' disk-full errors).</summary>
    public static bool IsDiskFull(Exception error) =>
        error is IOException { HResult: 28 or unchecked((int)0x80070070) or unchecked((int)0x80070027) };
}
