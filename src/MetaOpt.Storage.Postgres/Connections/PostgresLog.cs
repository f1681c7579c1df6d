using Microsoft.Extensions.Logging;

namespace MetaOpt.Storages.Postgres.Connections;

/// <summary>The storage's log messages, each with its event id and fields (see <see cref="PostgresStorageOptions.Logger"/>).</summary>
internal static partial class PostgresLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "waiting for the {Database} (attempt {Attempt} of {Attempts}, in {PauseSeconds:0.0#} s): {Reason}")]
    public static partial void WaitingForDatabase(this ILogger logger, string database, int attempt, int attempts, double pauseSeconds, string reason);
}
