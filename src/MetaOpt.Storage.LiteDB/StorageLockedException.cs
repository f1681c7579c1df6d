namespace MetaOpt;

/// <summary>The storage file is already open in another process (or another storage instance of this one).</summary>
/// <remarks>
/// A MetaOpt LiteDB file has exactly one writer at a time; see <see cref="LiteDbStorage"/> for why. Stop the other
/// process, wait for it to finish, or give this run another storage file.
/// </remarks>
public sealed class StorageLockedException : StorageFileException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The storage file that is in use.</param>
    /// <param name="ownerProcessId">The process holding it, when known.</param>
    /// <param name="message">What happened and what to do.</param>
    /// <param name="innerException">The operating system's refusal, if any.</param>
    public StorageLockedException(string path, int? ownerProcessId, string message, Exception? innerException = null)
        : base(path, message, innerException)
    {
        OwnerProcessId = ownerProcessId;
    }

    /// <summary>The id of the process holding the file, when it could be read.</summary>
    public int? OwnerProcessId { get; }
}
