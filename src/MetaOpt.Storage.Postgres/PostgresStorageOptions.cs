using Microsoft.Extensions.Logging;

namespace MetaOpt;

/// <summary>How a <see cref="PostgresStorage"/> rides out a database that does not answer, and whom it tells.</summary>
public sealed record PostgresStorageOptions
{
    /// <summary>
    /// About how long a call retries transient failures (server restarting or unreachable) before it throws
    /// <see cref="PostgresStorageException"/>: the pauses between attempts, 50 ms doubling up to 2 s, add up to at
    /// most this. One minute by default; zero tries once.
    /// </summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Where each retry is logged before its pause, at <see cref="LogLevel.Information"/>, such as "waiting for the
    /// PostgreSQL database 'studies' at db:5432 (attempt 2 of 35, in 0.1 s): Connection refused", on the thread that
    /// waits; null: retries are silent. The message names the database without its password. The library never
    /// writes to the console: a host shows these.
    /// </summary>
    public ILogger? Logger { get; init; }

    /// <summary>
    /// Whether opening creates MetaOpt's tables, or migrates older ones (true by default); false refuses a database
    /// without them or with another schema version, so a check never writes.
    /// </summary>
    public bool CreateSchema { get; init; } = true;
}
