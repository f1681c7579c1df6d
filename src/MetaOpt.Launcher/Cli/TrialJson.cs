using System.Globalization;
using System.Text.Json;

namespace MetaOpt.Launcher.Cli;

/// <summary>Writes trials and their parts as JSON, the same way for 'best' and 'export'.</summary>
internal static class TrialJson
{
    public static readonly JsonWriterOptions Options = new() { Indented = true };

    public static void WriteTrial(Utf8JsonWriter json, FrozenTrial trial)
    {
        json.WriteStartObject();
        json.WriteNumber("number", trial.Number);
        json.WriteString("state", trial.State.ToString());
        WriteNullableNumber(json, "value", trial.Value);
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

    public static void WriteMap(Utf8JsonWriter json, string name, IEnumerable<KeyValuePair<string, object>> values)
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in values)
        {
            json.WritePropertyName(key);
            WriteValue(json, value);
        }
        json.WriteEndObject();
    }

    public static void WriteValue(Utf8JsonWriter json, object value)
    {
        switch (value)
        {
            case string s: json.WriteStringValue(s); break;
            case bool b: json.WriteBooleanValue(b); break;
            case int i: json.WriteNumberValue(i); break;
            case long l: json.WriteNumberValue(l); break;
            case double d when double.IsFinite(d): json.WriteNumberValue(d); break;
            case double d: json.WriteStringValue(d.ToString(CultureInfo.InvariantCulture)); break;
            default: json.WriteStringValue(Format.Param(value)); break;
        }
    }

    private static void WriteNullableNumber(Utf8JsonWriter json, string name, double? value)
    {
        json.WritePropertyName(name);
        if (value is { } v)
            WriteValue(json, v);
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
