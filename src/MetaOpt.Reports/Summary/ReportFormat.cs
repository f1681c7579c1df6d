using System.Globalization;

namespace MetaOpt.Reports.Summary;

/// <summary>How numbers, attribute values and durations read in a report: <see cref="ValueText"/>, with its own text for a missing one.</summary>
internal static class ReportFormat
{
    public static string Value(object? value) => value is null ? "" : ValueText.Value(value);

    public static string Duration(TimeSpan? duration) => duration is { } d ? ValueText.Duration(d) : "n/a";

    public static string Percent(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
