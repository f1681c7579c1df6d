using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace MetaOpt.Storages.Postgres.Rows;

/// <summary>Maps a <see cref="FrozenTrial"/> to a row of <c>metaopt_trials</c> and back.</summary>
/// <remarks>
/// What queries filter on (study, number, state, value, times) are columns; what only MetaOpt reads (parameters with
/// their distributions, intermediate values, attributes) is one JSON text column, so a change is one row update.
/// Parameters are kept in their distribution's internal representation. Times are UTC ticks, which round-trip
/// without the microsecond truncation of <c>timestamptz</c>.
/// </remarks>
internal static class TrialRows
{
    /// <summary>The columns <see cref="Read"/> expects, in order, for a query over <c>metaopt_trials t</c> joined to <c>metaopt_studies s</c>.</summary>
    public const string Columns =
        "t.id, t.number, t.state, t.value, t.fail_reason, t.datetime_start, t.datetime_complete, t.heartbeat, t.body, s.name, t.revision";

    /// <summary>The study's name, read with the trial for messages.</summary>
    public static string StudyName(NpgsqlDataReader reader, int offset = 0) => reader.GetString(offset + 9);

    /// <summary>The trial's revision, read with it for optimistic updates.</summary>
    public static int Revision(NpgsqlDataReader reader, int offset = 0) => reader.GetInt32(offset + 10);

    public static FrozenTrial Read(NpgsqlDataReader reader, int offset = 0)
    {
        using var body = JsonDocument.Parse(reader.GetString(offset + 8));
        var root = body.RootElement;
        var parameters = new Dictionary<string, object>(StringComparer.Ordinal);
        var distributions = new Dictionary<string, Distribution>(StringComparer.Ordinal);
        foreach (var param in root.GetProperty("params").EnumerateArray())
        {
            var name = param.GetProperty("name").GetString()!;
            var distribution = DistributionJson.Read(param.GetProperty("distribution"));
            distributions[name] = distribution;
            parameters[name] = distribution.ToExternal(ValueJson.ReadDouble(param.GetProperty("internal")));
        }
        return new FrozenTrial
        {
            Id = reader.GetInt64(offset),
            Number = reader.GetInt32(offset + 1),
            State = Enum.Parse<TrialState>(reader.GetString(offset + 2)),
            Value = reader.IsDBNull(offset + 3) ? null : reader.GetDouble(offset + 3),
            FailReason = reader.IsDBNull(offset + 4) ? null : reader.GetString(offset + 4),
            DatetimeStart = Time(reader, offset + 5),
            DatetimeComplete = Time(reader, offset + 6),
            Heartbeat = Time(reader, offset + 7),
            Params = parameters,
            Distributions = distributions,
            IntermediateValues = new SortedDictionary<int, double>(root.GetProperty("intermediate").EnumerateArray()
                .ToDictionary(p => p[0].GetInt32(), p => ValueJson.ReadDouble(p[1]))),
            UserAttrs = JsonValues.ReadAttributes(root.GetProperty("user_attrs")),
            SystemAttrs = JsonValues.ReadAttributes(root.GetProperty("system_attrs")),
        } is var trial && root.TryGetProperty(ValuesKey, out var values)
            ? trial with { Values = values.EnumerateArray().Select(ValueJson.ReadDouble).ToArray() }
            : trial;
    }

    // A multi-objective trial's values are in the body (its value column stays null); single-objective bodies, all
    // those written before, lack the key and read as before.
    private const string ValuesKey = "values";

    /// <summary>Adds the parameters <c>@state, @value, @fail_reason, @start, @complete, @heartbeat, @body</c> for an insert or update.</summary>
    public static void AddParameters(NpgsqlCommand command, FrozenTrial trial)
    {
        command.Parameters.Add("state", NpgsqlDbType.Text).Value = trial.State.ToString();
        command.Parameters.Add("value", NpgsqlDbType.Double).Value = trial.Value is { } value ? value : DBNull.Value;
        command.Parameters.Add("fail_reason", NpgsqlDbType.Text).Value = (object?)trial.FailReason ?? DBNull.Value;
        command.Parameters.Add("start", NpgsqlDbType.Bigint).Value = Ticks(trial.DatetimeStart);
        command.Parameters.Add("complete", NpgsqlDbType.Bigint).Value = Ticks(trial.DatetimeComplete);
        command.Parameters.Add("heartbeat", NpgsqlDbType.Bigint).Value = Ticks(trial.Heartbeat);
        command.Parameters.Add("body", NpgsqlDbType.Text).Value = Body(trial);
    }

    public static object Ticks(DateTime? time) => time is { } t ? t.ToUniversalTime().Ticks : DBNull.Value;

    private static DateTime? Time(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : new DateTime(reader.GetInt64(ordinal), DateTimeKind.Utc);

    private static string Body(FrozenTrial trial) => ValueJson.Text(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartArray("params");
        foreach (var (name, value) in trial.Params)
        {
            var distribution = trial.Distributions[name];
            writer.WriteStartObject();
            writer.WriteString("name", name);
            writer.WritePropertyName("internal");
            ValueJson.WriteDouble(writer, distribution.ToInternal(value));
            writer.WritePropertyName("distribution");
            DistributionJson.Write(writer, distribution);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteStartArray("intermediate");
        foreach (var (step, value) in trial.IntermediateValues)
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(step);
            ValueJson.WriteDouble(writer, value);
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
        writer.WritePropertyName("user_attrs");
        JsonValues.WriteAttributes(writer, trial.UserAttrs);
        writer.WritePropertyName("system_attrs");
        JsonValues.WriteAttributes(writer, trial.SystemAttrs);
        if (trial.Values is { Count: > 1 } values)
        {
            writer.WriteStartArray(ValuesKey);
            foreach (var value in values)
                ValueJson.WriteDouble(writer, value);
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    });
}
