namespace MetaOpt;

/// <summary>
/// The file given as a storage is not a MetaOpt LiteDB storage: not a LiteDB 5 database at all, a LiteDB database
/// of another application, or one written by a newer MetaOpt schema. The file is left untouched.
/// </summary>
public sealed class InvalidStorageFileException : StorageFileException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The file that was refused.</param>
    /// <param name="message">Why it was refused and what to do.</param>
    /// <param name="innerException">The error of the underlying database, if any.</param>
    public InvalidStorageFileException(string path, string message, Exception? innerException = null)
        : base(path, message, innerException)
    {
    }
}
