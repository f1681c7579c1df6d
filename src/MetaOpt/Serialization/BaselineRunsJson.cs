using System.Text.Json;

namespace MetaOpt;

/// <summary>
/// The stored form of <see cref="BaselineRuns"/>: <c>[{"seed": 12, "values": {"global_mean_mae": 0.93}}]</c>, values
/// as <see cref="ValueJson.WriteDouble"/> writes them.
/// </summary>
public static class BaselineRunsJson
{
    /// <summary>The runs as JSON text.</summary>
    public static string Write(BaselineRuns runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return ValueJson.Text(json =>
        {
            json.WriteStartArray();
            foreach (var run in runs.Runs)
            {
                json.WriteStartObject();
                json.WriteNumber("seed", run.Seed);
                json.WriteStartObject("values");
                foreach (var (key, value) in run.Values)
                {
                    json.WritePropertyName(key);
                    ValueJson.WriteDouble(json, value);
                }
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
        });
    }

    /// <summary>Reads what <see cref="Write"/> writes.</summary>
    /// <exception cref="InvalidDataException">The text is not JSON of that shape.</exception>
    public static BaselineRuns Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                throw new InvalidDataException($"{document.RootElement.GetRawText()} is not a JSON list");
            var runs = document.RootElement.EnumerateArray().Select(run => new BaselineRun(
                run.GetProperty("seed").GetInt32(),
                run.GetProperty("values").EnumerateObject().ToDictionary(p => p.Name, p => ValueJson.ReadDouble(p.Value)))).ToList();
            return new BaselineRuns { Runs = runs };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException(e.Message, e);
        }
    }
}
