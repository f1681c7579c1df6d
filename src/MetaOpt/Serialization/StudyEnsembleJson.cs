using System.Text.Json;

namespace MetaOpt;

/// <summary>
/// The stored form of <see cref="StudyEnsemble"/>: <c>{"top_k": 5, "rounds": 20, "measure": "MAE", "direction":
/// "Minimize", "selected_on": "...", "compared_on": "...", "won": true, "margin": 0.01, "rows": [{"name", "about", "selection", "held",
/// "metrics": {...}}], "members": [{"trial", "value", "count", "weight"}]}</c>, doubles as <see cref="ValueJson.WriteDouble"/> writes them.
/// </summary>
public static class StudyEnsembleJson
{
    /// <summary>The ensemble as JSON text.</summary>
    public static string Write(StudyEnsemble ensemble)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        return ValueJson.Text(json =>
        {
            json.WriteStartObject();
            json.WriteNumber("top_k", ensemble.TopK);
            json.WriteNumber("rounds", ensemble.Rounds);
            json.WriteString("measure", ensemble.Measure);
            json.WriteString("direction", ensemble.Direction.ToString());
            json.WriteString("selected_on", ensemble.SelectedOn);
            json.WriteString("compared_on", ensemble.ComparedOn);
            // Derived, for readers of the JSON alone; Read recomputes them.
            json.WriteBoolean("won", ensemble.Won);
            Double(json, "margin", ensemble.Margin);
            json.WriteStartArray("rows");
            foreach (var row in ensemble.Rows)
            {
                json.WriteStartObject();
                json.WriteString("name", row.Name);
                json.WriteString("about", row.About);
                Double(json, "selection", row.Selection);
                Double(json, "held", row.Held);
                json.WriteStartObject("metrics");
                foreach (var (name, value) in row.Metrics)
                    Double(json, name, value);
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("members");
            foreach (var member in ensemble.Members)
            {
                json.WriteStartObject();
                json.WriteNumber("trial", member.Trial);
                Double(json, "value", member.Value);
                json.WriteNumber("count", member.Count);
                Double(json, "weight", member.Weight);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    /// <summary>Reads what <see cref="Write"/> writes.</summary>
    /// <exception cref="InvalidDataException">The text is not JSON of that shape.</exception>
    public static StudyEnsemble Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            var rows = root.GetProperty("rows").EnumerateArray().Select(row => new EnsembleComparisonRow(
                row.GetProperty("name").GetString()!,
                row.GetProperty("about").GetString()!,
                ValueJson.ReadDouble(row.GetProperty("selection")),
                ValueJson.ReadDouble(row.GetProperty("held")),
                row.GetProperty("metrics").EnumerateObject().ToDictionary(p => p.Name, p => ValueJson.ReadDouble(p.Value)))).ToList();
            var members = root.GetProperty("members").EnumerateArray().Select(member => new EnsembleMember(
                member.GetProperty("trial").GetInt32(),
                ValueJson.ReadDouble(member.GetProperty("value")),
                member.GetProperty("count").GetInt32(),
                ValueJson.ReadDouble(member.GetProperty("weight")))).ToList();
            var ensemble = new StudyEnsemble
            {
                TopK = root.GetProperty("top_k").GetInt32(),
                Rounds = root.GetProperty("rounds").GetInt32(),
                Measure = root.GetProperty("measure").GetString()!,
                Direction = DirectionExtensions.ParseDirections(root.GetProperty("direction").GetString()!) is [var one]
                    ? one
                    : throw new InvalidDataException("an ensemble is compared in one direction"),
                SelectedOn = root.GetProperty("selected_on").GetString()!,
                ComparedOn = root.GetProperty("compared_on").GetString()!,
                Rows = rows,
                Members = members,
            };
            // The rows the comparison reads must be there.
            _ = ensemble.Best;
            _ = ensemble.Ensemble;
            return ensemble;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException(e.Message, e);
        }
    }

    private static void Double(Utf8JsonWriter json, string name, double value)
    {
        json.WritePropertyName(name);
        ValueJson.WriteDouble(json, value);
    }
}
