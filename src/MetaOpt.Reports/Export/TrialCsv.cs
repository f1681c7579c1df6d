using System.Globalization;
using System.Text;

namespace MetaOpt;

/// <summary>
/// Trials as CSV: one row per trial, with its training seed and the configuration it evaluates (its first trial's
/// number) and which repeat of it it is, a <c>params_</c> column per parameter and a <c>user_attrs_</c> column per
/// attribute. Trials of a multi-objective study have <c>values_0</c>, <c>values_1</c>... (as Optuna's
/// <c>trials_dataframe</c>) in place of <c>value</c>. The report writes it beside its page as <c>trials.csv</c>; <c>metaopt export --format csv</c> prints it.
/// </summary>
public static class TrialCsv
{
    /// <summary>The CSV text of the trials, header first, RFC 4180 quoting, invariant culture, round-trip numbers.</summary>
    /// <param name="trials">The trials, in the order their rows should appear.</param>
    public static string Write(IReadOnlyList<FrozenTrial> trials)
    {
        ArgumentNullException.ThrowIfNull(trials);
        var parameters = trials.SelectMany(t => t.Params.Keys).Distinct().ToList();
        var attributes = trials.SelectMany(t => t.UserAttrs.Keys).Distinct().ToList();
        var objectives = trials.Select(t => t.Values?.Count ?? 0).DefaultIfEmpty().Max() is > 1 and var n ? n : 0;
        var text = new StringBuilder();
        Row(text, ["number", "state", .. objectives == 0 ? ["value"] : Enumerable.Range(0, objectives).Select(i => $"values_{i}"), "datetime_start", "datetime_complete", "duration_seconds", "epochs_reported",
            "seed", "configuration", "repeat",
            .. parameters.Select(p => "params_" + p), .. attributes.Select(a => "user_attrs_" + a), "fail_reason"]);
        foreach (var t in trials)
            Row(text, [
                t.Number.ToString(CultureInfo.InvariantCulture),
                t.State.ToString(),
                .. objectives == 0
                    ? [t.Value?.ToString("R", CultureInfo.InvariantCulture) ?? ""]
                    : Enumerable.Range(0, objectives).Select(i => t.Values is { } values && i < values.Count ? values[i].ToString("R", CultureInfo.InvariantCulture) : ""),
                Date(t.DatetimeStart),
                Date(t.DatetimeComplete),
                t.Duration?.TotalSeconds.ToString("R", CultureInfo.InvariantCulture) ?? "",
                t.IntermediateValues.Count.ToString(CultureInfo.InvariantCulture),
                t.Seed?.ToString(CultureInfo.InvariantCulture) ?? "",
                t.Configuration.ToString(CultureInfo.InvariantCulture),
                t.Repeat.ToString(CultureInfo.InvariantCulture),
                .. parameters.Select(p => t.Params.TryGetValue(p, out var v) ? Cell(v) : ""),
                .. attributes.Select(a => t.UserAttrs.TryGetValue(a, out var v) ? Cell(v) : ""),
                t.FailReason ?? "",
            ]);
        return text.ToString();
    }

    private static string Cell(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Date(DateTime? date) => date?.ToString("O", CultureInfo.InvariantCulture) ?? "";

    private static void Row(StringBuilder text, IEnumerable<string> cells)
    {
        text.AppendJoin(',', cells.Select(Quote));
        text.Append('\n');
    }

    // RFC 4180: quote a cell holding a comma, quote or line break, doubling the quotes inside.
    private static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + cell.Replace("\"", "\"\"") + "\"" : cell;
}
