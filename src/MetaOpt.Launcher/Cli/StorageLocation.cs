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

    /// <summary>The location as messages show it: a database URL without its password. Every printed location goes through here.</summary>
    public static string Describe(string location) => IsDatabase(location) ? PostgresStorage.WithoutPassword(location) : location;

    /// <summary>The folder "beside the storage" (for reports and metaopt.json): a file's own, the current one for a database.</summary>
    public static string Folder(string location) =>
        IsDatabase(location) ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(Path.GetFullPath(location))!;

    /// <summary>
    /// The text with every database URL of the command line (<paramref name="arguments"/>, <c>--storage=URL</c>
    /// included) and of <c>METAOPT_STORAGE</c> shown as <see cref="Describe"/> shows it: the last guard of error
    /// lines that quote what they were given.
    /// </summary>
    public static string WithoutPasswords(string text, IEnumerable<string> arguments)
    {
        var given = arguments.Append(Environment.GetEnvironmentVariable(EnvironmentVariable) ?? "");
        foreach (var argument in given)
        {
            var start = Math.Max(argument.IndexOf("postgresql://", StringComparison.OrdinalIgnoreCase), argument.IndexOf("postgres://", StringComparison.OrdinalIgnoreCase));
            if (start >= 0)
                text = text.Replace(argument[start..], Describe(argument[start..]), StringComparison.Ordinal);
        }
        return text;
    }

    /// <summary>Connects to a PostgreSQL database (creating MetaOpt's tables there on first use).</summary>
    /// <exception cref="LauncherException">The URL is malformed, or the server is unreachable, refuses the login or has a newer schema.</exception>
    /// <param name="url">The database's URL.</param>
    /// <param name="createSchema">Whether MetaOpt's tables are created or migrated there; false refuses a database without them.</param>
    public static IStorage OpenDatabase(string url, bool createSchema = true)
    {
        try
        {
            // The storage retries a database that does not answer for a minute: say so rather than stay silent.
            return new PostgresStorage(url, new PostgresStorageOptions { Logger = new StderrLogger(Console.Error), CreateSchema = createSchema });
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
