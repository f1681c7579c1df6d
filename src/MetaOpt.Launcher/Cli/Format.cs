using System.Globalization;

namespace MetaOpt.Launcher.Cli;

/// <summary>How the launcher writes numbers, durations, parameters and trial outcomes for people.</summary>
internal static class Format
{
    public static string Value(double? value) => value is { } v ? v.ToString("G6", CultureInfo.InvariantCulture) : "-";

    public static string Duration(TimeSpan? duration) => duration switch
    {
        null => "-",
        { TotalHours: >= 1 } d => $"{(int)d.TotalHours}:{d.Minutes:00}:{d.Seconds:00}",
        { } d => $"{d.Minutes:00}:{d.Seconds:00}",
    };

    public static string Param(object value) => value switch
    {
        double d => d.ToString("G4", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    public static string Params(IReadOnlyDictionary<string, object> parameters) =>
        string.Join(' ', parameters.Select(kv => $"{kv.Key}={Param(kv.Value)}"));

    /// <summary>A trial's outcome in a few words: "complete 0.912", "pruned at epoch 3 (0.95)", "failed: reason".</summary>
    public static string Outcome(FrozenTrial trial) => trial.State switch
    {
        TrialState.Complete => $"complete {Value(trial.Value)}",
        TrialState.Pruned when trial.UserAttrs.GetValueOrDefault(Studies.TrialAttributes.Diverged) is string reason =>
            $"diverged after {trial.IntermediateValues.Count} epochs: {FirstLine(reason)}",
        TrialState.Pruned => $"pruned at epoch {trial.IntermediateValues.Count} ({Value(trial.Value)})",
        TrialState.Failed => $"failed: {FirstLine(trial.FailReason)}",
        var state => state.ToString().ToLowerInvariant(),
    };

    public static string FirstLine(string? text) =>
        text is null ? "" : text.AsSpan().Trim().ToString().Split('\n', 2)[0].TrimEnd('\r');
}
