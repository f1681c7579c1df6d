using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MetaOpt.Storages.Postgres.Connections;
using Npgsql;

namespace MetaOpt.Bench.Postgres;

/// <summary>
/// Runs Optuna's RDB peer (<c>../shared/peers/optuna_rdb_peer.py</c>, read-only here) for one worker count and reads
/// its study back from the database, as <see cref="PostgresCommand"/> reads MetaOpt's.
/// </summary>
/// <remarks>
/// Optuna stores no worker identity with a trial, so before the first run its <c>trials</c> table gets one more
/// column, <see cref="WorkerColumn"/>, filled by the database with the backend process id of the connection that
/// inserts the row (a column default: no round trip more). An Optuna 3.1 worker inserts its trials through two
/// connections, taking turns from its first few trials on, so the steady window opens a few trials late
/// (<see cref="GroupRun.Steady"/>).
/// </remarks>
internal sealed class OptunaPeer(string script, string url)
{
    private const string WorkerColumn = "metaopt_bench_backend_pid";
    private bool _prepared;

    public GroupRun Run(int workers, int trials, string start)
    {
        Prepare();
        var before = StudyNames();
        var output = Python(script, "--url", url, "--workers", workers.ToString(CultureInfo.InvariantCulture),
            "--trials", trials.ToString(CultureInfo.InvariantCulture), "--start", start);
        using var line = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        var json = line.RootElement;
        var name = StudyNames().Except(before).Single(n => n.StartsWith($"rdb-peer-{workers}-", StringComparison.Ordinal));
        return new GroupRun($"optuna-{start}", workers, json.GetProperty("finished").GetInt32(), json.GetProperty("gapless").GetBoolean(),
            json.GetProperty("wall_s").GetDouble(), Rows(name));
    }

    /// <summary>Has Optuna create its tables (as a first run would), then adds the worker column.</summary>
    private void Prepare()
    {
        if (_prepared)
            return;
        Python("-c", "import sys, optuna; optuna.storages.RDBStorage(sys.argv[1])", url);
        Execute($"ALTER TABLE trials ADD COLUMN IF NOT EXISTS {WorkerColumn} integer DEFAULT pg_backend_pid()");
        _prepared = true;
    }

    private List<string> StudyNames()
    {
        using var connection = Open();
        using var command = new NpgsqlCommand("SELECT study_name FROM studies", connection);
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
            names.Add(reader.GetString(0));
        return names;
    }

    private List<(string Worker, DateTime Start, DateTime? Complete)> Rows(string study)
    {
        using var connection = Open();
        using var command = new NpgsqlCommand(
            $"SELECT t.{WorkerColumn}, t.datetime_start, t.datetime_complete FROM trials t JOIN studies s ON s.study_id = t.study_id " +
            "WHERE s.study_name = @name AND t.datetime_start IS NOT NULL", connection);
        command.Parameters.AddWithValue("name", study);
        using var reader = command.ExecuteReader();
        var rows = new List<(string, DateTime, DateTime?)>();
        while (reader.Read())
            rows.Add((reader.GetInt32(0).ToString(CultureInfo.InvariantCulture), reader.GetDateTime(1), reader.IsDBNull(2) ? null : reader.GetDateTime(2)));
        return rows;
    }

    private void Execute(string sql)
    {
        using var connection = Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private NpgsqlConnection Open()
    {
        var connection = new NpgsqlConnection(ConnectionStrings.Parse(url).ConnectionString);
        connection.Open();
        return connection;
    }

    private static string Python(params string[] arguments)
    {
        // Optuna's experimental-feature warnings would bury the table: its standard error is shown only on failure.
        using var process = Process.Start(new ProcessStartInfo("/usr/bin/python3", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"python3 {arguments[0]} exited with {process.ExitCode}:\n{errors.Result}");
        return output;
    }
}
