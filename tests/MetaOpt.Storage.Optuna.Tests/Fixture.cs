using System.Diagnostics;
using MetaOpt.TestSupport;
using Npgsql;

namespace MetaOpt.Storage.Optuna.Tests;

/// <summary>The files Fixtures/make_fixtures.py wrote with Debian's python3-optuna 3.1, copied beside the tests.</summary>
internal static class Fixture
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    /// <summary>
    /// Reads a fixture with the reader its format needs: "journal", "sqlite", or "postgres", for which the script
    /// writes the history studies into a new database of the server <c>METAOPT_TEST_POSTGRES</c> names.
    /// </summary>
    public static OptunaHistory Read(string format, string name = "history") => format switch
    {
        "journal" => OptunaJournal.Read(Path(name + ".journal")),
        "sqlite" => OptunaRdb.ReadSqlite(Path(name + ".sqlite3")),
        _ => OptunaRdb.ReadPostgres(WrittenToPostgres()),
    };

    private static string WrittenToPostgres()
    {
        var server = Environment.GetEnvironmentVariable("METAOPT_TEST_POSTGRES");
        Requires.Tool(!string.IsNullOrEmpty(server), "METAOPT_TEST_POSTGRES names no PostgreSQL server (.ci/run starts one; source /tmp/pg-start.sh by hand)");
        Requires.Tool(Python("import optuna, psycopg2", []), "python3-optuna or python3-psycopg2 not importable by /usr/bin/python3 (Debian: apt-get install python3-optuna python3-psycopg2; .ci/run installs them)");
        var database = $"optuna_fixture_{Environment.ProcessId}_{Guid.NewGuid():N}";
        var url = new UriBuilder(server) { Path = "/" + database }.Uri.ToString();
        var address = new Uri(server);
        var user = address.UserInfo.Split(':', 2);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = address.Host, Port = address.Port, Username = Uri.UnescapeDataString(user[0]), Database = "postgres",
            Password = user.Length > 1 ? Uri.UnescapeDataString(user[1]) : null,
        };
        using (var connection = new NpgsqlConnection(builder.ConnectionString))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
            create.ExecuteNonQuery();
        }
        Assert.True(Python(null, Path("make_fixtures.py"), url), "make_fixtures.py could not write the studies into PostgreSQL");
        return url;
    }

    /// <summary>Runs Debian's Python with a script (or <c>-c code</c>) and says whether it exited 0.</summary>
    public static bool Python(string? code, params string[] arguments)
    {
        if (!File.Exists("/usr/bin/python3"))
            return false;
        string[] all = code is null ? ["-W", "ignore", .. arguments] : ["-c", code];
        using var process = Process.Start(new ProcessStartInfo("/usr/bin/python3", all)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = System.IO.Path.GetTempPath(),
        })!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0;
    }
}
