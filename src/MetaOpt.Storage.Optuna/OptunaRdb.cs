using System.Data.Common;
using System.Text.Json;
using MetaOpt.Storages.Postgres.Connections;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace MetaOpt;

/// <summary>
/// Optuna's RDB storage (<c>RDBStorage</c>) as Optuna 3 lays it out, in a SQLite file or a PostgreSQL database:
/// <c>studies</c>, <c>study_directions</c>, <c>trials</c>, <c>trial_params</c> (the internal value and Optuna's
/// distribution text), <c>trial_values</c> and <c>trial_intermediate_values</c> (with a value type for the infinities
/// and NaN), the four attribute tables (JSON values) and <c>trial_heartbeats</c>. It is only read.
/// </summary>
public static class OptunaRdb
{
    /// <summary>Reads every study of a SQLite file Optuna wrote (<c>sqlite:///PATH</c>), opened read-only.</summary>
    /// <param name="path">The SQLite file.</param>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">The file is not SQLite, or has no Optuna 3 schema; the message says which.</exception>
    public static OptunaHistory ReadSqlite(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"No SQLite file '{path}'.", path);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        using var connection = new SqliteConnection(connectionString);
        return Read(connection, $"'{path}'", $"sqlite:///{path}");
    }

    /// <summary>Reads every study of a PostgreSQL database Optuna wrote (<c>postgresql://...</c>), in one read-only transaction.</summary>
    /// <param name="url">The database, as <c>postgresql://user:password@host:5432/database</c>.</param>
    /// <exception cref="ArgumentException">The URL is not a PostgreSQL URL.</exception>
    /// <exception cref="InvalidDataException">The database cannot be reached, or has no Optuna 3 schema; the message says which, without the password.</exception>
    public static OptunaHistory ReadPostgres(string url)
    {
        var builder = ConnectionStrings.Parse(url);
        builder.Pooling = false;
        using var connection = new NpgsqlConnection(builder.ConnectionString);
        return Read(connection, $"'{ConnectionStrings.Redacted(url)}'", ConnectionStrings.Redacted(url));
    }

    private static OptunaHistory Read(DbConnection connection, string shown, string optunaUrl)
    {
        try
        {
            connection.Open();
        }
        catch (DbException e)
        {
            throw new InvalidDataException($"cannot open {shown}: {e.Message.TrimEnd('.')}", e);
        }
        try
        {
            // One snapshot of every table, so a study another process writes meanwhile reads whole or not at all.
            using var transaction = connection.BeginTransaction(System.Data.IsolationLevel.Serializable);
            return OptunaHistory.From(Studies(connection, transaction));
        }
        catch (DbException e)
        {
            throw new InvalidDataException(
                $"{shown} is not an Optuna 3 database ({e.Message.TrimEnd('.')}); a database of an older Optuna opens after 'optuna storage upgrade --storage {optunaUrl}'", e);
        }
    }

    private static List<OptunaStudyRecord> Studies(DbConnection connection, DbTransaction transaction)
    {
        void Each(string sql, Action<DbDataReader> row)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            while (reader.Read())
                row(reader);
        }

        var studies = new SortedDictionary<long, OptunaStudyRecord>();
        Each("SELECT study_id, study_name FROM studies", r => studies[Id(r, 0)] = new OptunaStudyRecord(r.GetString(1)));
        Each("SELECT study_id, direction FROM study_directions ORDER BY study_id, objective", r =>
            studies[Id(r, 0)].Directions.Add(Text(r, 1) switch { "MINIMIZE" => 1, "MAXIMIZE" => 2, _ => 0 }));
        Each("SELECT study_id, key, value_json FROM study_user_attributes ORDER BY study_user_attribute_id", r =>
            studies[Id(r, 0)].UserAttrs[r.GetString(1)] = Json(r.GetString(2)));
        Each("SELECT study_id, key, value_json FROM study_system_attributes ORDER BY study_system_attribute_id", r =>
            studies[Id(r, 0)].SystemAttrs[r.GetString(1)] = Json(r.GetString(2)));

        var trials = new Dictionary<long, OptunaTrialRecord>();
        Each("SELECT trial_id, study_id, state, datetime_start, datetime_complete FROM trials ORDER BY study_id, number", r =>
        {
            var trial = new OptunaTrialRecord { State = OptunaCodes.FromName(Text(r, 2)), DatetimeStart = Time(r, 3), DatetimeComplete = Time(r, 4) };
            trials[Id(r, 0)] = trial;
            studies[Id(r, 1)].Trials.Add(trial);
        });
        Each("SELECT trial_id, param_name, param_value, distribution_json FROM trial_params ORDER BY param_id", r =>
            trials[Id(r, 0)].Params[r.GetString(1)] = (r.GetDouble(2), r.GetString(3)));
        Each("SELECT trial_id, value, value_type FROM trial_values ORDER BY trial_id, objective", r =>
            (trials[Id(r, 0)].Values ??= []).Add(Number(r, 1, Text(r, 2))));
        Each("SELECT trial_id, step, intermediate_value, intermediate_value_type FROM trial_intermediate_values ORDER BY trial_id, step", r =>
            trials[Id(r, 0)].IntermediateValues[(int)Id(r, 1)] = Number(r, 2, Text(r, 3)));
        Each("SELECT trial_id, key, value_json FROM trial_user_attributes ORDER BY trial_user_attribute_id", r =>
            trials[Id(r, 0)].UserAttrs[r.GetString(1)] = Json(r.GetString(2)));
        Each("SELECT trial_id, key, value_json FROM trial_system_attributes ORDER BY trial_system_attribute_id", r =>
            trials[Id(r, 0)].SystemAttrs[r.GetString(1)] = Json(r.GetString(2)));
        Each("SELECT trial_id, heartbeat FROM trial_heartbeats", r => trials[Id(r, 0)].Heartbeat = Time(r, 1));
        return [.. studies.Values];
    }

    // SQLite gives 64-bit integers and PostgreSQL 32-bit ones.
    private static long Id(DbDataReader row, int column) => Convert.ToInt64(row.GetValue(column), System.Globalization.CultureInfo.InvariantCulture);

    // SQLAlchemy's enums: text in SQLite, an enum type of their own in PostgreSQL.
    private static string Text(DbDataReader row, int column) => row.GetValue(column).ToString()!;

    // SQLite keeps SQLAlchemy's times as text, PostgreSQL as timestamps without a zone.
    private static DateTime? Time(DbDataReader row, int column) => row.IsDBNull(column) ? null
        : row.GetValue(column) is DateTime time ? DateTime.SpecifyKind(time, DateTimeKind.Unspecified)
        : OptunaCodes.ParseLocal(row.GetString(column));

    // Optuna keeps the infinities and NaN, which SQL floats cannot hold, as a NULL value and a type.
    private static double Number(DbDataReader row, int column, string type) => type switch
    {
        "INF_POS" => double.PositiveInfinity,
        "INF_NEG" => double.NegativeInfinity,
        "NAN" => double.NaN,
        _ => row.GetDouble(column),
    };

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(PythonJson.Standard(text));
        return document.RootElement.Clone();
    }
}
