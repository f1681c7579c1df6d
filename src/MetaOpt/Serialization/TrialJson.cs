using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MetaOpt;

/// <summary>
/// MetaOpt's one JSON form of a trial for people and other tools (<c>export</c>, <c>show</c>, the dashboard's API),
/// with Optuna's field names: <c>number</c>, <c>state</c>, <c>value</c> (and <c>values</c>, one per objective, for a
/// trial of a multi-objective study, whose <c>value</c> is null), MetaOpt's <c>seed</c> (when started),
/// <c>configuration</c> and <c>repeat</c>, then <c>params</c>, <c>intermediate_values</c>,
/// <c>user_attrs</c>, <c>system_attrs</c>, <c>datetime_start</c>, <c>datetime_complete</c>, <c>duration_seconds</c>
/// and, when failed, <c>fail_reason</c>; docs/launcher.md says what each holds. Values are plain JSON (NaN and
/// infinities as <see cref="ValueJson.WriteDouble"/> writes them), times ISO 8601 in UTC, states as
/// <see cref="TrialState"/> names them. A tool that shows more wraps this form, adding its fields beside these.
/// </summary>
/// <remarks>
/// Storages keep their own exact form through the same codecs (<see cref="DistributionJson"/>, <see cref="ValueJson"/>'s
/// typed pairs): plain JSON does not tell an int 1 from a double 1.0, which a stored trial must.
/// </remarks>
public static class TrialJson
{
    /// <summary>Writes the trial as one object.</summary>
    public static void Write(Utf8JsonWriter json, FrozenTrial trial)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(trial);
        json.WriteStartObject();
        json.WriteNumber("number", trial.Number);
        json.WriteString("state", trial.State.ToString());
        WriteNullableNumber(json, "value", trial.Value);
        if (trial.Values is { Count: > 1 } values)
        {
            json.WriteStartArray("values");
            foreach (var value in values)
                ValueJson.WriteDouble(json, value);
            json.WriteEndArray();
        }
        // The training seed, and the configuration (its first trial's number) of which this is repeat k, so that
        // scripts group repeats without reading system_attrs.
        if (trial.Seed is { } seed)
            json.WriteNumber("seed", seed);
        json.WriteNumber("configuration", trial.Configuration);
        json.WriteNumber("repeat", trial.Repeat);
        WriteMap(json, "params", trial.Params);
        json.WriteStartObject("intermediate_values");
        foreach (var (step, value) in trial.IntermediateValues.OrderBy(kv => kv.Key))
            WriteNullableNumber(json, step.ToString(CultureInfo.InvariantCulture), value);
        json.WriteEndObject();
        WriteMap(json, "user_attrs", trial.UserAttrs);
        // As Optuna exports them: retry_of tells which failed trial a retry supersedes, so the finished count can be redone.
        WriteMap(json, "system_attrs", trial.SystemAttrs);
        WriteDate(json, "datetime_start", trial.DatetimeStart);
        WriteDate(json, "datetime_complete", trial.DatetimeComplete);
        WriteNullableNumber(json, "duration_seconds", trial.Duration?.TotalSeconds);
        if (trial.FailReason is { } reason)
            json.WriteString("fail_reason", reason);
        json.WriteEndObject();
    }

    /// <summary>The trial as a JSON node, for answers built as nodes that add their own fields to it.</summary>
    public static JsonObject ToNode(FrozenTrial trial) =>
        JsonNode.Parse(ValueJson.Text(json => Write(json, trial)))!.AsObject();

    /// <summary>Writes parameters or attributes as an object named <paramref name="name"/>.</summary>
    public static void WriteMap(Utf8JsonWriter json, string name, IEnumerable<KeyValuePair<string, object>> values)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(values);
        json.WriteStartObject(name);
        foreach (var (key, value) in values)
        {
            json.WritePropertyName(key);
            WriteValue(json, value);
        }
        json.WriteEndObject();
    }

    /// <summary>Writes a parameter or attribute value as plain JSON; a type JSON has no form for as its invariant text.</summary>
    public static void WriteValue(Utf8JsonWriter json, object value)
    {
        ArgumentNullException.ThrowIfNull(json);
        switch (value)
        {
            case string s: json.WriteStringValue(s); break;
            case bool b: json.WriteBooleanValue(b); break;
            case int i: json.WriteNumberValue(i); break;
            case long l: json.WriteNumberValue(l); break;
            case double d: ValueJson.WriteDouble(json, d); break;
            case IFormattable f: json.WriteStringValue(f.ToString(null, CultureInfo.InvariantCulture)); break;
            default: json.WriteStringValue(value?.ToString() ?? ""); break;
        }
    }

    private static void WriteNullableNumber(Utf8JsonWriter json, string name, double? value)
    {
        json.WritePropertyName(name);
        if (value is { } v)
            ValueJson.WriteDouble(json, v);
        else
            json.WriteNullValue();
    }

    private static void WriteDate(Utf8JsonWriter json, string name, DateTime? value)
    {
        if (value is { } date)
            json.WriteString(name, DateTime.SpecifyKind(date, DateTimeKind.Utc));
        else
            json.WriteNull(name);
    }
}
