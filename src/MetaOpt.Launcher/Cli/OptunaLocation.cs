namespace MetaOpt.Launcher.Cli;

/// <summary>
/// Optuna's storages as <c>storage copy</c> names them: <c>optuna-journal:FILE</c> (its JournalStorage file, read and
/// written) and <c>optuna-sqlite:FILE</c> (its RDB schema in SQLite, read).
/// </summary>
internal static class OptunaLocation
{
    public const string JournalPrefix = "optuna-journal:";
    public const string SqlitePrefix = "optuna-sqlite:";

    /// <summary>Whether the location names an Optuna storage rather than MetaOpt's own.</summary>
    public static bool Is(string location) =>
        location.StartsWith(JournalPrefix, StringComparison.Ordinal) || location.StartsWith(SqlitePrefix, StringComparison.Ordinal);

    /// <summary>The file of an Optuna location; a usage error (exit 2) when none is named.</summary>
    public static string FileOf(string location)
    {
        var path = location[(location.IndexOf(':') + 1)..];
        return string.IsNullOrWhiteSpace(path)
            ? throw LauncherException.Usage($"'{location}' names no file: use {JournalPrefix}FILE or {SqlitePrefix}FILE")
            : path;
    }

    /// <summary>Reads every study of an Optuna storage.</summary>
    /// <exception cref="LauncherException">The file is missing (exit 2), or not Optuna's format or damaged (exit 1).</exception>
    public static OptunaHistory Read(string location)
    {
        var path = FileOf(location);
        if (!File.Exists(path))
            throw LauncherException.Usage($"'{location}': no such file");
        try
        {
            return location.StartsWith(JournalPrefix, StringComparison.Ordinal) ? OptunaJournal.Read(path) : OptunaSqlite.Read(path);
        }
        catch (InvalidDataException e)
        {
            throw LauncherException.Failure($"cannot read '{location}': {e.Message}", e);
        }
    }
}
