using System.Globalization;
using System.Text.Json;

namespace MetaOpt.Storages.Postgres.Rows;

/// <summary>
/// Writes and reads attribute values and categorical choices (string, bool, int, long, double) as JSON pairs
/// <c>[type, value]</c>, so each comes back with its exact type, and doubles so that NaN and infinities survive.
/// </summary>
internal static class JsonValues
{
    public static void WriteTyped(Utf8JsonWriter writer, string key, object value)
    {
        writer.WriteStartArray();
        switch (value)
        {
            case string s:
                writer.WriteStringValue("s");
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteStringValue("b");
                writer.WriteBooleanValue(b);
                break;
            case int i:
                writer.WriteStringValue("i");
                writer.WriteNumberValue(i);
                break;
            case long l:
                writer.WriteStringValue("l");
                writer.WriteNumberValue(l);
                break;
            case double or float:
                writer.WriteStringValue("d");
                WriteDouble(writer, Convert.ToDouble(value, CultureInfo.InvariantCulture));
                break;
            default:
                throw new ArgumentException(
                    $"'{key}' has a value of type {value?.GetType().Name ?? "null"}; a PostgreSQL storage keeps string, bool, int, long and double.",
                    nameof(value));
        }
        writer.WriteEndArray();
    }

    public static object ReadTyped(JsonElement pair)
    {
        var value = pair[1];
        return pair[0].GetString() switch
        {
            "s" => value.GetString()!,
            "b" => value.GetBoolean(),
            "i" => value.GetInt32(),
            "l" => value.GetInt64(),
            "d" => ReadDouble(value),
            var type => throw new InvalidDataException($"The storage holds a value of type '{type}', which MetaOpt never writes."),
        };
    }

    /// <summary>Attributes as an array of <c>[key, type, value]</c> (keys are free text, so not property names).</summary>
    public static void WriteAttributes(Utf8JsonWriter writer, IReadOnlyDictionary<string, object> attributes)
    {
        writer.WriteStartArray();
        foreach (var (key, value) in attributes)
        {
            writer.WriteStartArray();
            writer.WriteStringValue(key);
            WriteTyped(writer, key, value);
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
    }

    public static Dictionary<string, object> ReadAttributes(JsonElement array) =>
        array.EnumerateArray().ToDictionary(a => a[0].GetString()!, a => ReadTyped(a[1]), StringComparer.Ordinal);

    public static void WriteDouble(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
            writer.WriteNumberValue(value);
        else
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
    }

    public static double ReadDouble(JsonElement value) =>
        value.ValueKind == JsonValueKind.String
            ? double.Parse(value.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture)
            : value.GetDouble();

    /// <summary>Runs <paramref name="write"/> on a fresh writer and returns the JSON text.</summary>
    public static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            write(writer);
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
