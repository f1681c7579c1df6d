using System.Text.Json;
using System.Text.Json.Nodes;

namespace MetaOpt.Reports.Summary;

/// <summary>
/// The settings of each run of a study, from the study attribute <c>runs</c> (a JSON list of objects, one per run,
/// oldest first, as the launcher keeps it): one row per run, one column per setting any run recorded.
/// </summary>
internal sealed record RunSettingsTable(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>The study user attribute holding the list.</summary>
    public const string Key = "runs";

    /// <summary>The table, or null when the study has no readable list.</summary>
    public static RunSettingsTable? Of(IReadOnlyDictionary<string, object> studyAttrs)
    {
        if (studyAttrs.GetValueOrDefault(Key) is not string text)
            return null;
        List<JsonObject> runs;
        try
        {
            runs = (JsonNode.Parse(text) as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        }
        catch (JsonException)
        {
            return null;
        }
        if (runs.Count == 0)
            return null;
        var keys = runs.SelectMany(r => r.Select(kv => kv.Key)).Distinct().ToList();
        var rows = runs.Select((run, i) => (IReadOnlyList<string>)
            [(i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), .. keys.Select(k => Cell(run[k]))]).ToList();
        return new RunSettingsTable(["run", .. keys], rows);
    }

    private static string Cell(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => value.ToJsonString(),
    };
}
