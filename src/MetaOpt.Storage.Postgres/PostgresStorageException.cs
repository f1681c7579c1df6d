namespace MetaOpt;

/// <summary>
/// A <see cref="PostgresStorage"/> cannot do its work: the server stayed unreachable past the retry period, refused
/// the credentials, or holds a schema this MetaOpt cannot read. The message names the database (without its
/// password) and is meant to be shown as it is.
/// </summary>
public sealed class PostgresStorageException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="innerException">Npgsql's error, if any.</param>
    public PostgresStorageException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
