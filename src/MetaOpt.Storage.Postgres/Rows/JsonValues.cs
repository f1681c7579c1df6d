using System.Text.Json;

namespace MetaOpt.Storages.Postgres.Rows;

/// <summary>Writes and reads attributes as <see cref="ValueJson"/>'s typed pairs, keyed in an array.</summary>
internal static class JsonValues
{
    /// <summary>Attributes as an array of <c>[key, type, value]</c> (keys are free text, so not property names).</summary>
    public static void WriteAttributes(Utf8JsonWriter writer, IReadOnlyDictionary<string, object> attributes)
    {
        writer.WriteStartArray();
        foreach (var (key, value) in attributes)
        {
            writer.WriteStartArray();
            writer.WriteStringValue(key);
            ValueJson.WriteTyped(writer, key, value);
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
    }

    public static Dictionary<string, object> ReadAttributes(JsonElement array) =>
        array.EnumerateArray().ToDictionary(a => a[0].GetString()!, a => ValueJson.ReadTyped(a[1]), StringComparer.Ordinal);
}
