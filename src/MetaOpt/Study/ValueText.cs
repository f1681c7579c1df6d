using System.Globalization;

namespace MetaOpt;

/// <summary>
/// How values and durations read for people, in the launcher, the report and the engine's own messages: invariant
/// culture, short and unambiguous. Each tool picks its own text for a missing value ("-", "", "n/a").
/// </summary>
public static class ValueText
{
    /// <summary>An objective value, a metric or a bound to six significant digits: <c>0.912346</c>, <c>1.5E+07</c>.</summary>
    public static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>A value of any kind in a table: numbers as <see cref="Number"/>, booleans as in JSON.</summary>
    public static string Value(object value) => value switch
    {
        double d => Number(d),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>A parameter value or an axis tick, shorter than <see cref="Value"/>: doubles to four significant digits.</summary>
    public static string Parameter(object value) =>
        value is double d ? d.ToString("G4", CultureInfo.InvariantCulture) : Value(value);

    /// <summary>A duration in words, to the unit that matters: <c>12.5 ms</c>, <c>4.2 s</c>, <c>3 min 07 s</c>, <c>26 h 05 min</c>.</summary>
    public static string Duration(TimeSpan duration) => duration switch
    {
        { TotalSeconds: < 1 } d => $"{d.TotalMilliseconds.ToString("0.#", CultureInfo.InvariantCulture)} ms",
        { TotalMinutes: < 1 } d => $"{d.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s",
        { TotalHours: < 1 } d => $"{(int)d.TotalMinutes} min {d.Seconds:00} s",
        var d => $"{(int)d.TotalHours} h {d.Minutes:00} min",
    };

    /// <summary>A duration as a clock reads it, for columns that change in place: <c>03:07</c>, <c>26:05:00</c>.</summary>
    public static string Clock(TimeSpan duration) => duration.TotalHours >= 1
        ? $"{(int)duration.TotalHours}:{duration.Minutes:00}:{duration.Seconds:00}"
        : $"{duration.Minutes:00}:{duration.Seconds:00}";

    /// <summary>A size in bytes as people read it, in binary units: <c>512 B</c>, <c>12.3 KiB</c>, <c>4.5 MiB</c>.</summary>
    public static string Size(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        var value = (double)bytes;
        var unit = 0;
        while (Math.Abs(value) >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? $"{bytes.ToString(CultureInfo.InvariantCulture)} B" : $"{value.ToString("0.#", CultureInfo.InvariantCulture)} {units[unit]}";
    }
}
