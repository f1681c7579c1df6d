using System.Text.Json.Nodes;
using Npgsql;

namespace MetaOpt.Storage.Postgres.Tests;

/// <summary>
/// Every launcher verb that takes a storage takes a PostgreSQL URL, given as <c>--storage</c> or as
/// <c>METAOPT_STORAGE</c>: each call a separate process, as a script's calls are.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class StorageVerbsOnPostgresTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("metaopt-verbs-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void AskReportValueAndTellRoundTripThroughADatabase(bool asOption)
    {
        var url = PostgresServer.Require().NewDatabase();
        var space = SearchSpace();
        // The option, or the environment variable a script exports once.
        LauncherOutcome Metaopt(params string[] arguments) =>
            asOption ? LauncherProcess.Run([.. arguments, "--storage", url], storage: null) : LauncherProcess.Run(arguments, storage: url);

        var asked = Metaopt("ask", "cc", "--search-space", space);
        Assert.True(asked.ExitCode == 0, asked.Error);
        Assert.StartsWith("trial=0\n", asked.Output);
        var second = Metaopt("ask", "cc", "--search-space", space);
        Assert.StartsWith("trial=1\n", second.Output);

        var reported = Metaopt("report-value", "cc", "0", "--step", "0", "--value", "2.5");
        Assert.True(reported.ExitCode == 0, reported.Error);
        Assert.Equal("continue\n", reported.Output);
        var told = Metaopt("tell", "cc", "0", "--value", "1");
        Assert.True(told.ExitCode == 0, told.Error);
        var failed = Metaopt("tell", "cc", "1", "--state", "failed");
        Assert.True(failed.ExitCode == 0, failed.Error);

        var shown = JsonNode.Parse(Metaopt("show", "cc", "--format", "json").Output)!["trials"]!.AsArray();
        Assert.Equal(["Complete", "Failed"], shown.Select(t => (string)t!["state"]!));
        Assert.Equal(1.0, (double)shown[0]!["value"]!);
        Assert.Equal(2.5, (double)shown[0]!["intermediate_values"]!["0"]!);
        // A trial already told is refused in one line, as on a file.
        var again = Metaopt("tell", "cc", "0", "--value", "3");
        Assert.Equal(2, again.ExitCode);
        Assert.StartsWith("metaopt: cannot use trial 0 of 'cc'", again.Error);
    }

    [SkippableFact]
    public void StudyCopyRenameAndDeleteChangeADatabase()
    {
        var url = PostgresServer.Require().NewDatabase();
        LauncherProcess.Succeed("run", "functions-branin", "--trials", "5", "--sampler", "random", "--storage", url);
        var original = Export(url, "functions-branin");

        Assert.Contains("(5 trials)", LauncherProcess.Succeed("study", "copy", "functions-branin", "branin-copy", "--storage", url));
        Assert.Contains("(5 trials)", LauncherProcess.Succeed("study", "rename", "functions-branin", "branin-renamed", "--storage", url));
        Assert.Equal(original, Export(url, "branin-copy"));
        Assert.Equal(original, Export(url, "branin-renamed"));

        var taken = LauncherProcess.Run("study", "copy", "branin-copy", "branin-renamed", "--storage", url);
        Assert.Equal(2, taken.ExitCode);
        Assert.Contains("already has a study 'branin-renamed'", taken.Error);
        var unconfirmed = LauncherProcess.Run("study", "delete", "branin-copy", "--storage", url);
        Assert.Equal(2, unconfirmed.ExitCode);
        Assert.Contains("Deleted study 'branin-copy' (5 trials)", LauncherProcess.Succeed("study", "delete", "branin-copy", "--yes", "--storage", url));

        var listed = JsonNode.Parse(LauncherProcess.Succeed("list", "--format", "json", "--storage", url))!["studies"]!.AsArray();
        Assert.Equal(["branin-renamed"], listed.Select(s => (string)s!["name"]!));
    }

    [SkippableFact]
    public void StudyRenameRefusesADatabaseStudyWithRunningTrialsAndChangesNothing()
    {
        var url = PostgresServer.Require().NewDatabase();
        LauncherProcess.Succeed("ask", "asked", "--search-space", SearchSpace(), "--storage", url);
        var before = Export(url, "asked");

        var refused = LauncherProcess.Run("study", "rename", "asked", "renamed", "--storage", url);

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("has 1 running trials", refused.Error);
        Assert.Equal(before, Export(url, "asked"));
        var listed = JsonNode.Parse(LauncherProcess.Succeed("list", "--format", "json", "--storage", url))!["studies"]!.AsArray();
        Assert.Equal(["asked"], listed.Select(s => (string)s!["name"]!));
    }

    [SkippableFact]
    public void StorageCheckOfADatabaseWithoutMetaoptsTablesSaysSoAndCreatesNone()
    {
        var url = PostgresServer.Require().NewDatabase();

        var checkedEmpty = LauncherProcess.Run(["storage", "check", url], storage: null);

        Assert.Equal(1, checkedEmpty.ExitCode);
        Assert.Contains("has no MetaOpt tables: check the database name in the URL", checkedEmpty.Error);
        Assert.Equal(0L, MetaOptTables(url));
    }

    [SkippableTheory]
    [InlineData("list")]
    [InlineData("show", "functions-branin")]
    [InlineData("best", "functions-branin")]
    [InlineData("export", "functions-branin", "--format", "json")]
    [InlineData("report", "functions-branin")]
    public void AReadingVerbOnADatabaseWithoutMetaoptsTablesSaysSoAndCreatesNone(params string[] arguments)
    {
        // A mistyped database name: a reader refuses it rather than give it MetaOpt's tables and list nothing.
        var url = PostgresServer.Require().NewDatabase();

        var outcome = LauncherProcess.Run([.. arguments, "--storage", url], storage: null, workingDirectory: _folder);

        Assert.Equal(1, outcome.ExitCode);
        var database = new Uri(url).AbsolutePath.TrimStart('/');
        Assert.Equal($"metaopt: PostgreSQL database '{database}' at 127.0.0.1:{new Uri(url).Port} has no MetaOpt tables: check the database name in the URL\n",
            outcome.Error);
        Assert.Equal(0L, MetaOptTables(url));
        Assert.False(Directory.EnumerateFileSystemEntries(_folder).Any());
    }

    [SkippableFact]
    public void RunWithAWarmStartStudyOnADatabaseWithoutTablesSaysItHasNoStudiesYet()
    {
        var url = PostgresServer.Require().NewDatabase();

        var outcome = LauncherProcess.Run("run", "functions-branin", "--trials", "2", "--warm-start", "other", "--storage", url);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("cannot warm-start from 'other'", outcome.Error);
        Assert.Contains("has no studies yet", outcome.Error);
    }

    [SkippableFact]
    public void StorageCheckReadsADatabaseAndNamesAMissingTrialNumber()
    {
        var server = PostgresServer.Require();
        var url = server.NewDatabase();
        LauncherProcess.Succeed("run", "functions-branin", "--trials", "4", "--sampler", "random", "--storage", url);

        var sound = LauncherProcess.Run(["storage", "check", url], storage: null);
        Assert.True(sound.ExitCode == 0, sound.Error);
        Assert.Equal($"{url} is sound (schema version {PostgresStorage.SchemaVersion}): 1 studies, 4 trials.\n", sound.Output);

        using (var connection = new NpgsqlConnection(PostgresServer.ConnectionStringOf(url)))
        {
            connection.Open();
            using var delete = new NpgsqlCommand("DELETE FROM metaopt_trials WHERE number = 1", connection);
            Assert.Equal(1, delete.ExecuteNonQuery());
        }
        var damaged = LauncherProcess.Run(["storage", "check", url], storage: null);
        Assert.Equal(1, damaged.ExitCode);
        Assert.Contains("  - study 'functions-branin' has no trial number 1\n", damaged.Output);
        Assert.StartsWith($"metaopt: {url} has inconsistent studies", damaged.Error);
    }

    [SkippableFact]
    public void StorageRecoverRefusesADatabaseInOneLineNamingWhatToUse()
    {
        var url = PostgresServer.Require().NewDatabase();
        var outcome = LauncherProcess.Run("storage", "recover", url, "--out", Path.Combine(_folder, "new.db"));

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal($"metaopt: 'storage recover' works on a LiteDB file, and '{url}' is a PostgreSQL database: " +
                     "use 'metaopt storage check URL' to check it, or 'metaopt storage copy --from URL --to FILE' to copy its studies\n", outcome.Error);
        Assert.False(File.Exists(Path.Combine(_folder, "new.db")));
    }

    private static long MetaOptTables(string url)
    {
        using var connection = new NpgsqlConnection(PostgresServer.ConnectionStringOf(url));
        connection.Open();
        using var tables = new NpgsqlCommand("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'metaopt%'", connection);
        return (long)tables.ExecuteScalar()!;
    }

    private string SearchSpace()
    {
        var path = Path.Combine(_folder, "space.json");
        File.WriteAllText(path, """{"x": {"type": "float", "low": -1, "high": 1}}""");
        return path;
    }

    // A copy keeps every trial's times, values, parameters and attributes, so their CSV exports are equal.
    private static string Export(string url, string study) => LauncherProcess.Succeed("export", study, "--format", "csv", "--storage", url);
}
