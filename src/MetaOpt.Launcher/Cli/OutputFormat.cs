using System.CommandLine;
using System.Text.Json;
using MetaOpt.Studies.CommandLine;

namespace MetaOpt.Launcher.Cli;

/// <summary><c>--format table|json</c> of the listing commands, and the JSON writing they share.</summary>
internal static class OutputFormat
{
    public const string Table = "table";
    public const string Json = "json";

    /// <summary>Indented, as the commands print and export JSON.</summary>
    public static readonly JsonWriterOptions JsonOptions = new() { Indented = true };

    public static Option<string> Option() =>
        TextOptions.Choice("--format", "Output: a table for people, or JSON for scripts (field names in docs/launcher.md)", [Table, Json], Table);

    /// <summary>
    /// A study's directions in its JSON: <c>"direction": "minimize"</c> for one objective, as before there were
    /// several, and <c>"directions": ["minimize", "maximize"]</c> for a multi-objective study.
    /// </summary>
    public static void WriteDirections(Utf8JsonWriter json, IReadOnlyList<Direction> directions)
    {
        if (directions.Count == 1)
        {
            json.WriteString("direction", directions[0].ToString().ToLowerInvariant());
            return;
        }
        json.WriteStartArray("directions");
        foreach (var direction in directions)
            json.WriteStringValue(direction.ToString().ToLowerInvariant());
        json.WriteEndArray();
    }

    /// <summary>Writes one JSON document, indented, built by <paramref name="write"/>, as the command's whole output.</summary>
    public static void WriteJson(TextWriter output, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
            write(json);
        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
