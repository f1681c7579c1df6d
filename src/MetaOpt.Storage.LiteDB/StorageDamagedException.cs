namespace MetaOpt;

/// <summary>
/// The storage file is a MetaOpt storage, but part of it cannot be read: cut short, overwritten, or with documents
/// that do not make sense. It was found by reading only; the file is left as it was.
/// <see cref="LiteDbStorage.Recover"/> copies what is still readable into a new file.
/// </summary>
public sealed class StorageDamagedException : StorageFileException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The damaged file.</param>
    /// <param name="finding">What was found, such as "trial 7 of study 'x' cannot be read: ...".</param>
    /// <param name="innerException">The error of the underlying database or reader, if any.</param>
    public StorageDamagedException(string path, string finding, Exception? innerException = null)
        : base(path, $"The storage file {path} is damaged ({finding}).", innerException)
    {
        Finding = finding;
    }

    /// <summary>What was found, without the file name.</summary>
    public string Finding { get; }
}
