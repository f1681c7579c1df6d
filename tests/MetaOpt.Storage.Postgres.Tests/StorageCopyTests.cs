namespace MetaOpt.Storage.Postgres.Tests;

/// <summary><c>metaopt storage copy</c> as a real process, LiteDB to PostgreSQL and back.</summary>
[Collection(PostgresCollection.Name)]
public sealed class StorageCopyTests : IDisposable
{
    private const string Study = "functions-branin";
    private readonly string _folder = Directory.CreateTempSubdirectory("metaopt-copy-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [SkippableFact]
    public void ARoundTripFromLiteDBThroughPostgreSQLGivesAnIdenticalExport()
    {
        var url = PostgresServer.Require().NewDatabase();
        var laptop = Path.Combine(_folder, "laptop.db");
        var back = Path.Combine(_folder, "back.db");
        Metaopt("run", Study, "--trials", "12", "--storage", laptop, "--sampler", "random");

        Metaopt("storage", "copy", "--from", laptop, "--to", url);
        Metaopt("storage", "copy", "--from", url, "--to", back, "--study", Study);

        var original = Metaopt("export", Study, "--format", "json", "--storage", laptop);
        Assert.Contains("\"number\": 11", original);
        Assert.Equal(original, Metaopt("export", Study, "--format", "json", "--storage", url));
        Assert.Equal(original, Metaopt("export", Study, "--format", "json", "--storage", back));
        var again = Run("storage", "copy", "--from", laptop, "--to", url);
        Assert.Equal(1, again.ExitCode);
        Assert.StartsWith("metaopt: ", again.Error);
    }

    private static string Metaopt(params string[] arguments) => LauncherProcess.Succeed(arguments);

    private static LauncherOutcome Run(params string[] arguments) => LauncherProcess.Run(arguments);
}
