using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace MetaOpt;

/// <summary>
/// Optuna's RDB storage (<c>RDBStorage</c>) in a SQLite file, as Optuna 3 lays it out: <c>studies</c>,
/// <c>study_directions</c>, <c>trials</c>, <c>trial_params</c> (the internal value and Optuna's distribution text),
/// <c>trial_values</c> and <c>trial_intermediate_values</c> (with a value type for the infinities and NaN), the four
/// attribute tables (JSON values) and <c>trial_heartbeats</c>. The file is opened read-only.
/// </summary>
public static class OptunaSqlite
{
    /// <summary>Reads every study of the file as MetaOpt holds it.</summary>
    /// <param name="path">The SQLite file Optuna wrote (<c>sqlite:///PATH</c>).</param>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">The file is not SQLite, or has no Optuna 3 schema; the message says which.</exception>
    public static OptunaHistory Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"No SQLite file '{path}'.", path);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        try
        {
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            return OptunaHistory.From(Studies(connection));
        }
        catch (SqliteException e)
        {
            throw new InvalidDataException(
                $"'{path}' is not an Optuna 3 database ({e.Message.TrimEnd('.')}); a database of an older Optuna opens after 'optuna storage upgrade --storage sqlite:///{path}'", e);
        }
    }

    private static List<OptunaStudyRecord> Studies(SqliteConnection connection)
    {
        var studies = new SortedDictionary<long, OptunaStudyRecord>();
        Each(connection, "SELECT study_id, study_name FROM studies", r => studies[r.GetInt64(0)] = new OptunaStudyRecord(r.GetString(1)));
        Each(connection, "SELECT study_id, direction FROM study_directions ORDER BY study_id, objective", r =>
            studies[r.GetInt64(0)].Directions.Add(r.GetString(1) switch { "MINIMIZE" => 1, "MAXIMIZE" => 2, _ => 0 }));
        Each(connection, "SELECT study_id, key, value_json FROM study_user_attributes ORDER BY study_user_attribute_id", r =>
            studies[r.GetInt64(0)].UserAttrs[r.GetString(1)] = Json(r.GetString(2)));
        Each(connection, "SELECT study_id, key, value_json FROM study_system_attributes ORDER BY study_system_attribute_id", r =>
            studies[r.GetInt64(0)].SystemAttrs[r.GetString(1)] = Json(r.GetString(2)));

        var trials = new Dictionary<long, OptunaTrialRecord>();
        Each(connection, "SELECT trial_id, study_id, state, datetime_start, datetime_complete FROM trials ORDER BY study_id, number", r =>
        {
            var trial = new OptunaTrialRecord
            {
                State = OptunaCodes.FromName(r.GetString(2)),
                DatetimeStart = r.IsDBNull(3) ? null : OptunaCodes.ParseLocal(r.GetString(3)),
                DatetimeComplete = r.IsDBNull(4) ? null : OptunaCodes.ParseLocal(r.GetString(4)),
            };
            trials[r.GetInt64(0)] = trial;
            studies[r.GetInt64(1)].Trials.Add(trial);
        });
        Each(connection, "SELECT trial_id, param_name, param_value, distribution_json FROM trial_params ORDER BY param_id", r =>
            trials[r.GetInt64(0)].Params[r.GetString(1)] = (r.GetDouble(2), r.GetString(3)));
        Each(connection, "SELECT trial_id, value, value_type FROM trial_values ORDER BY trial_id, objective", r =>
            (trials[r.GetInt64(0)].Values ??= []).Add(Number(r, 1, r.GetString(2))));
        Each(connection, "SELECT trial_id, step, intermediate_value, intermediate_value_type FROM trial_intermediate_values ORDER BY trial_id, step", r =>
            trials[r.GetInt64(0)].IntermediateValues[r.GetInt32(1)] = Number(r, 2, r.GetString(3)));
        Each(connection, "SELECT trial_id, key, value_json FROM trial_user_attributes ORDER BY trial_user_attribute_id", r =>
            trials[r.GetInt64(0)].UserAttrs[r.GetString(1)] = Json(r.GetString(2)));
        Each(connection, "SELECT trial_id, key, value_json FROM trial_system_attributes ORDER BY trial_system_attribute_id", r =>
            trials[r.GetInt64(0)].SystemAttrs[r.GetString(1)] = Json(r.GetString(2)));
        Each(connection, "SELECT trial_id, heartbeat FROM trial_heartbeats", r =>
            trials[r.GetInt64(0)].Heartbeat = OptunaCodes.ParseLocal(r.GetString(1)));
        return [.. studies.Values];
    }

    private static void Each(SqliteConnection connection, string sql, Action<SqliteDataReader> row)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read())
            row(reader);
    }

    // Optuna keeps the infinities and NaN, which SQL floats cannot hold, as a NULL value and a type.
    private static double Number(SqliteDataReader row, int column, string type) => type switch
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
