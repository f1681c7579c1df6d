namespace MetaOpt.Launcher.Cli;

/// <summary>
/// Optuna's storages as <c>storage copy</c> names them: <c>optuna-journal:FILE</c> (its JournalStorage file, read and
/// written), <c>optuna-sqlite:FILE</c> and <c>optuna-postgresql:postgresql://...</c> (its RDB schema, read).
/// </summary>
internal static class OptunaLocation
{
    public const string JournalPrefix = "optuna-journal:";
    public const string SqlitePrefix = "optuna-sqlite:";
    public const string PostgresPrefix = "optuna-postgresql:";

    private const string Forms = $"{JournalPrefix}FILE, {SqlitePrefix}FILE or {PostgresPrefix}postgresql://user:password@host:5432/database";

    /// <summary>Whether the location names an Optuna storage rather than MetaOpt's own.</summary>
    public static bool Is(string location) => IsJournal(location) || IsRdb(location);

    public static bool IsJournal(string location) => location.StartsWith(JournalPrefix, StringComparison.Ordinal);

    /// <summary>Whether the location names Optuna's RDB schema, which MetaOpt reads but does not write.</summary>
    public static bool IsRdb(string location) =>
        location.StartsWith(SqlitePrefix, StringComparison.Ordinal) || location.StartsWith(PostgresPrefix, StringComparison.Ordinal);

    /// <summary>The location as messages show it: a database URL without its password.</summary>
    public static string Describe(string location)
    {
        var colon = location.IndexOf(':') + 1;
        return location[..colon] + StorageLocation.Describe(location[colon..]);
    }

    /// <summary>The file or URL of an Optuna location; a usage error (exit 2) when none is named.</summary>
    public static string Target(string location)
    {
        var target = location[(location.IndexOf(':') + 1)..];
        return string.IsNullOrWhiteSpace(target) ? throw LauncherException.Usage($"'{location}' names no file: use {Forms}") : target;
    }

    /// <summary>Reads every study of an Optuna storage.</summary>
    /// <exception cref="LauncherException">The file is missing or the URL malformed (exit 2), or the storage is not Optuna's, damaged or unreachable (exit 1).</exception>
    public static OptunaHistory Read(string location)
    {
        var target = Target(location);
        var postgres = location.StartsWith(PostgresPrefix, StringComparison.Ordinal);
        if (postgres && !StorageLocation.IsDatabase(target))
            throw LauncherException.Usage($"'{Describe(location)}' names no database: use {PostgresPrefix}postgresql://user:password@host:5432/database");
        if (!postgres && !File.Exists(target))
            throw LauncherException.Usage($"'{location}': no such file");
        try
        {
            return postgres ? OptunaRdb.ReadPostgres(target) : IsJournal(location) ? OptunaJournal.Read(target) : OptunaRdb.ReadSqlite(target);
        }
        catch (ArgumentException e)
        {
            throw LauncherException.Usage($"bad URL in '{Describe(location)}' ({Format.Reason(e)}): use {PostgresPrefix}postgresql://user:password@host:5432/database");
        }
        catch (InvalidDataException e)
        {
            throw LauncherException.Failure($"cannot read '{Describe(location)}': {e.Message}", e);
        }
    }
}
