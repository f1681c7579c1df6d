namespace MetaOpt;

/// <summary>
/// The storage file cannot be created or opened for writing: its directory is missing or not writable, the file is
/// read-only, or the path names a directory. Nothing was written.
/// </summary>
public sealed class StorageUnavailableException : StorageFileException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The storage file that could not be opened.</param>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="innerException">The operating system's error, if any.</param>
    /// <param name="isReadOnly">Whether the file exists and could be read but not written.</param>
    public StorageUnavailableException(string path, string message, Exception? innerException = null, bool isReadOnly = false)
        : base(path, message, innerException)
    {
        IsReadOnly = isReadOnly;
    }

    /// <summary>Whether the file exists and can be read but not written (its permissions, or a read-only device): reads work.</summary>
    public bool IsReadOnly { get; }
}
