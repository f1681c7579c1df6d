using System.Text.Json;

namespace MetaOpt.FaultInjection.Tests;

/// <summary>One trial as <c>metaopt export --format json</c> shows it: what the attacks check against.</summary>
/// <param name="Number">The trial number.</param>
/// <param name="State">Complete, Pruned, Failed, Running or Waiting.</param>
/// <param name="Value">The objective value, when it has one.</param>
/// <param name="Params">The parameters as canonical JSON, so two evaluations of one configuration compare equal.</param>
/// <param name="RetryOf">The trial this one re-evaluates (its retry_of system attribute), if it is a retry.</param>
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
    /// The finished trials as the launcher counts them toward --trials: complete, pruned, and failed unless a later
    /// trial is its retry (marked with the retry_of system attribute).
    /// </summary>
    public static IReadOnlyList<ExportedTrial> Finished(IReadOnlyList<ExportedTrial> trials) =>
        trials.Where(t => t.State is "Complete" or "Pruned" || (t.State == "Failed" && !RetriesOf(t, trials).Any())).ToList();

    /// <summary>The trials that re-evaluate <paramref name="trial"/>.</summary>
    public static IEnumerable<ExportedTrial> RetriesOf(ExportedTrial trial, IReadOnlyList<ExportedTrial> trials) =>
        trials.Where(t => t.RetryOf == trial.Number);

    /// <summary>Whether every parameter of <paramref name="part"/> has the same value in <paramref name="whole"/> (both as exported).</summary>
    public static bool ParamsContain(string whole, string part)
    {
        using var wholeJson = JsonDocument.Parse(whole);
        using var partJson = JsonDocument.Parse(part);
        return partJson.RootElement.EnumerateObject().All(p =>
            wholeJson.RootElement.TryGetProperty(p.Name, out var value) && value.GetRawText() == p.Value.GetRawText());
    }

    /// <summary>How many retries lead to <paramref name="trial"/>: 0 for a first evaluation.</summary>
    public static int RetryDepth(ExportedTrial trial, IReadOnlyList<ExportedTrial> trials)
    {
        var depth = 0;
        for (var t = trial; t.RetryOf is { } of; t = trials.Single(x => x.Number == of))
            depth++;
        return depth;
    }

    private static int? RetryOfAttr(JsonElement trial) =>
        trial.GetProperty("system_attrs").TryGetProperty("retry_of", out var retry) ? retry.GetInt32() : null;
}
