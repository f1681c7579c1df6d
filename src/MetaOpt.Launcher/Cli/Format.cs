using System.Globalization;

namespace MetaOpt.Launcher.Cli;

/// <summary>How the launcher writes numbers, durations, parameters and trial outcomes for people.</summary>
internal static class Format
{
    public static string Value(double? value) => value is { } v ? ValueText.Number(v) : "-";

    /// <summary>A trial's values, one per objective, separated by commas: "0.12, 3.4"; "-" for none.</summary>
    public static string Values(IReadOnlyList<double>? values) => values is null ? "-" : string.Join(", ", values.Select(ValueText.Number));

    /// <summary>A study's directions in words: "minimize", or "minimize, maximize" for several objectives.</summary>
    public static string Directions(IReadOnlyList<Direction> directions) =>
        string.Join(", ", directions.Select(d => d.ToString().ToLowerInvariant()));

    public static string Duration(TimeSpan? duration) => duration is { } d ? ValueText.Clock(d) : "-";

    public static string Param(object value) => ValueText.Parameter(value);

    public static string Params(IReadOnlyDictionary<string, object> parameters) =>
        string.Join(' ', parameters.Select(kv => $"{kv.Key}={Param(kv.Value)}"));

    /// <summary>A trial's outcome in a few words: "complete 0.912", "pruned at epoch 3 (0.95)", "failed: reason".</summary>
    public static string Outcome(FrozenTrial trial) => trial.State switch
    {
        TrialState.Complete => $"complete {Values(trial.Values)}",
        TrialState.Pruned when trial.UserAttrs.GetValueOrDefault(Studies.TrialAttributes.Diverged) is string reason =>
            $"diverged after {trial.IntermediateValues.Count} epochs: {FirstLine(reason)}",
        // The last reported step, which need not be the count of reports (steps may start past 0 or skip some).
        TrialState.Pruned when trial.LastIntermediate is { Step: var step } => $"pruned at epoch {step} ({Value(trial.Value)})",
        TrialState.Pruned => "pruned before its first report",
        TrialState.Failed => $"failed: {FirstLine(trial.FailReason)}",
        var state => state.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// A study name as it may be printed: control and format characters (newlines, ANSI escapes, bidi overrides) are
    /// shown as <c>\uXXXX</c>, so a name stored by an older version cannot break a table or the terminal.
    /// </summary>
    public static string Name(string name)
    {
        if (IsPrintable(name))
            return name;
        var text = new System.Text.StringBuilder(name.Length + 8);
        foreach (var c in name)
            text.Append(IsUnprintable(c) ? $"\\u{(int)c:X4}" : c.ToString());
        return text.ToString();
    }

    /// <summary>Whether a text has none of the characters <see cref="Name"/> escapes, so it prints as one line as it is.</summary>
    public static bool IsPrintable(string text) => !text.Any(IsUnprintable);

    /// <summary>Study names for a message, each escaped as by <see cref="Name"/>.</summary>
    public static string Names(IEnumerable<string> names) => string.Join(", ", names.Select(Name));

    /// <summary>An exception's message as one line, without the "(Parameter 'x')" .NET appends to argument errors.</summary>
    public static string Reason(Exception exception)
    {
        var message = exception is ArgumentException { ParamName: { } parameter }
            ? exception.Message.Replace($" (Parameter '{parameter}')", "", StringComparison.Ordinal)
            : exception.Message;
        return FirstLine(message);
    }

    public static string FirstLine(string? text) =>
        text is null ? "" : text.AsSpan().Trim().ToString().Split('\n', 2)[0].TrimEnd('\r');

    private static bool IsUnprintable(char c) =>
        char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
