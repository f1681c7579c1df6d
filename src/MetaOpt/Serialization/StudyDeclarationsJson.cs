using System.Text.Json;

namespace MetaOpt;

/// <summary>
/// The stored form of <see cref="StudyDeclarations"/>:
/// <c>{"metrics": [{"key": "meta_test_mae", "label": "meta-test MAE", "direction": "minimize"}],
/// "baselines": [{"key": "global_mean_mae", "label": "global mean", "group": "test", "metric": "meta_test_mae"}],
/// "strategy_parameters": ["strategy"]}</c>, <c>"metric": null</c> for a baseline compared with the objective.
/// Fields it does not know are skipped, so a study stored by a later version still reads.
/// </summary>
public static class StudyDeclarationsJson
{
    /// <summary>The declarations as JSON text.</summary>
    public static string Write(StudyDeclarations declarations)
    {
        ArgumentNullException.ThrowIfNull(declarations);
        return ValueJson.Text(json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("metrics");
            foreach (var m in declarations.Metrics)
            {
                json.WriteStartObject();
                json.WriteString("key", m.Key);
                json.WriteString("label", m.Label);
                json.WriteString("direction", m.Direction.ToString().ToLowerInvariant());
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("baselines");
            foreach (var b in declarations.Baselines)
            {
                json.WriteStartObject();
                json.WriteString("key", b.Key);
                json.WriteString("label", b.Label);
                json.WriteString("group", b.Group);
                json.WriteString("metric", b.Metric);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("strategy_parameters");
            foreach (var p in declarations.StrategyParameters)
                json.WriteStringValue(p);
            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    /// <summary>Reads what <see cref="Write"/> writes; a missing list is empty.</summary>
    /// <exception cref="InvalidDataException">The text is not JSON of that shape.</exception>
    public static StudyDeclarations Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{root.GetRawText()} is not a JSON object");
            return new StudyDeclarations
            {
                Metrics = Items(root, "metrics", m => new MetricDeclaration(Text(m, "key"), Text(m, "label"), Direction(m))),
                Baselines = Items(root, "baselines", b => new BaselineDeclaration(Text(b, "key"), Text(b, "label"), Text(b, "group"), OptionalText(b, "metric"))),
                StrategyParameters = Items(root, "strategy_parameters", p => p.ValueKind == JsonValueKind.String
                    ? p.GetString()! : throw new InvalidDataException($"strategy parameter {p.GetRawText()} is not a string")),
            };
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"not JSON: {e.Message}", e);
        }
    }

    private static List<T> Items<T>(JsonElement root, string name, Func<JsonElement, T> read)
    {
        if (!root.TryGetProperty(name, out var list) || list.ValueKind == JsonValueKind.Null)
            return [];
        if (list.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"'{name}' is not a list");
        return list.EnumerateArray().Select(item => item.ValueKind is JsonValueKind.Object or JsonValueKind.String
            ? read(item) : throw new InvalidDataException($"an item of '{name}' is {item.GetRawText()}")).ToList();
    }

    private static string Text(JsonElement item, string name) =>
        OptionalText(item, name) ?? throw new InvalidDataException($"{item.GetRawText()} has no '{name}'");

    private static string? OptionalText(JsonElement item, string name)
    {
        if (item.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"{item.GetRawText()} is not an object");
        if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new InvalidDataException($"'{name}' of {item.GetRawText()} is not a string");
    }

    private static Direction Direction(JsonElement metric) => Text(metric, "direction") switch
    {
        "minimize" => MetaOpt.Direction.Minimize,
        "maximize" => MetaOpt.Direction.Maximize,
        var other => throw new InvalidDataException($"direction '{other}' of metric {metric.GetRawText()} is not minimize or maximize"),
    };
}
