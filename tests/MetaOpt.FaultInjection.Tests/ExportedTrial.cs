using System.Text.Json;

namespace MetaOpt.FaultInjection.Tests;

/// <summary>One trial as <c>metaopt export --format json</c> shows it: what the attacks check against.</summary>
/// <param name="Number">The trial number.</param>
/// <param name="State">Complete, Pruned, Failed, Running or Waiting.</param>
/// <param name="Value">The objective value, when it has one.</param>
/// <param name="Params">The parameters as canonical JSON, so two evaluations of one configuration compare equal.</param>
/// <param name="RetryOf">The trial this one re-evaluates, when the export shows the retry_of system attribute.</param>
internal sealed record ExportedTrial(int Number, string State, double? Value, string Params, int? RetryOf)
{
    /// <summary>Reads the trials of a JSON export.</summary>
    public static IReadOnlyList<ExportedTrial> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("trials").EnumerateArray().Select(trial => new ExportedTrial(
            trial.GetProperty("number").GetInt32(),
            trial.GetProperty("state").GetString()!,
            trial.GetProperty("value").ValueKind == JsonValueKind.Number ? trial.GetProperty("value").GetDouble() : null,
            trial.GetProperty("params").GetRawText(),
            RetryOfAttr(trial))).ToList();
    }

    /// <summary>
    /// The finished trials as the launcher counts them toward --trials: complete, pruned, and failed unless a retry
    /// superseded it (a later trial marked as its retry, or one with the same parameters when the export has no marks).
    /// </summary>
    public static IReadOnlyList<ExportedTrial> Finished(IReadOnlyList<ExportedTrial> trials) =>
        trials.Where(t => t.State is "Complete" or "Pruned" || (t.State == "Failed" && !IsSuperseded(t, trials))).ToList();

    /// <summary>The trials after <paramref name="trial"/> that re-evaluate it.</summary>
    public static IEnumerable<ExportedTrial> RetriesOf(ExportedTrial trial, IReadOnlyList<ExportedTrial> trials) =>
        trials.Where(t => t.Number > trial.Number && (t.RetryOf == trial.Number || (t.RetryOf is null && t.Params == trial.Params)));

    private static bool IsSuperseded(ExportedTrial trial, IReadOnlyList<ExportedTrial> trials) => RetriesOf(trial, trials).Any();

    private static int? RetryOfAttr(JsonElement trial)
    {
        foreach (var map in new[] { "system_attrs", "user_attrs" })
            if (trial.TryGetProperty(map, out var attrs) && attrs.TryGetProperty("retry_of", out var retry) && retry.ValueKind == JsonValueKind.Number)
                return retry.GetInt32();
        return null;
    }
}
