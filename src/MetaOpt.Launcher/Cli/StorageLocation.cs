namespace MetaOpt.Launcher.Cli;

/// <summary>
/// Where a command's studies live: <c>--storage</c>, else the <c>METAOPT_STORAGE</c> environment variable, else
/// <c>studies.db</c>. A <c>postgresql://</c> URL means a shared PostgreSQL database; anything else a LiteDB file.
/// </summary>
internal static class StorageLocation
{
    public const string EnvironmentVariable = "METAOPT_STORAGE";

    /// <summary>The location a command uses when <c>--storage</c> is not given.</summary>
    public static string Default() =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } location ? location : CommonOptions.DefaultStorage;

    /// <summary>Whether the location is a PostgreSQL database rather than a LiteDB file.</summary>
    public static bool IsDatabase(string location) => PostgresStorage.IsUrl(location);

    /// <summary>The location as messages show it: a database URL without its password.</summary>
    public static string Describe(string location) => IsDatabase(location) ? PostgresStorage.WithoutPassword(location) : location;

    /// <summary>Connects to a PostgreSQL database (creating MetaOpt's tables there on first use).</summary>
    /// <exception cref="LauncherException">The URL is malformed, or the server is unreachable, refuses the login or has a newer schema.</exception>
    public static IStorage OpenDatabase(string url)
    {
        try
        {
            // The storage retries a database that does not answer for a minute: say so rather than stay silent.
            return new PostgresStorage(url, new PostgresStorageOptions { Waiting = line => Console.Error.WriteLine($"metaopt: {line}") });
        }
        catch (ArgumentException e)
        {
            throw LauncherException.Usage(
                $"bad --storage URL '{Describe(url)}' ({Format.FirstLine(e.Message)}): use postgresql://user:password@host:5432/database");
        }
        catch (PostgresStorageException e)
        {
            throw LauncherException.Failure(e.Message, e);
        }
    }
}
