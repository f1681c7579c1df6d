using System.Globalization;

namespace MetaOpt.Reports.Summary;

/// <summary>How numbers, attribute values and durations read in a report: invariant culture, short and unambiguous.</summary>
internal static class ReportFormat
{
    public static string Value(object? value) => value switch
    {
        null => "",
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    public static string Duration(TimeSpan? duration) => duration switch
    {
        null => "n/a",
        { TotalSeconds: < 1 } d => $"{d.TotalMilliseconds.ToString("0.#", CultureInfo.InvariantCulture)} ms",
        { TotalMinutes: < 1 } d => $"{d.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s",
        { TotalHours: < 1 } d => $"{(int)d.TotalMinutes} min {d.Seconds:00} s",
        { } d => $"{(int)d.TotalHours} h {d.Minutes:00} min",
    };

    public static string Percent(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
