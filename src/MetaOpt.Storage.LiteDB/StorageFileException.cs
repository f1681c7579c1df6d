namespace MetaOpt;

/// <summary>
/// A storage file could not be used: it is locked by another process, is not a MetaOpt storage, is damaged, cannot
/// be written, or its disk is full. The message says which; the file is left as it was (a full disk keeps every
/// write that returned before it).
/// </summary>
public abstract class StorageFileException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The storage file concerned.</param>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    protected StorageFileException(string path, string message, Exception? innerException)
        : base(message, innerException)
    {
        Path = path;
    }

    /// <summary>The storage file concerned.</summary>
    public string Path { get; }
}
