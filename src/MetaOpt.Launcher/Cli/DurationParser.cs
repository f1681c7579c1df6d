using System.Globalization;
using System.Text.RegularExpressions;

namespace MetaOpt.Launcher.Cli;

/// <summary>Reads durations written the way people type them: <c>90s</c>, <c>30m</c>, <c>2h</c>, <c>1h30m</c>, <c>1d</c>.</summary>
internal static partial class DurationParser
{
    public const string Examples = "90s, 30m, 2h or 1h30m";

    /// <summary>The longest duration accepted: a year, far beyond any run, and well inside what clocks can add.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(365);

    /// <summary>What a duration may be, for error messages.</summary>
    public static readonly string Allowed = $"use a positive duration up to {Longest.TotalDays:0}d, such as {Examples}";

    /// <summary>The duration, or null when the text is not one, or is not positive, or is longer than <see cref="Longest"/>.</summary>
    public static TimeSpan? TryParse(string text)
    {
        var match = DurationPattern().Match(text.Trim());
        if (!match.Success || match.Groups["part"].Captures.Count == 0)
            return null;
        // Summed as seconds in a double, so an absurd amount cannot overflow a TimeSpan before the range check.
        var seconds = 0.0;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unit = char.ToLowerInvariant(part.Value[^1]);
            var amount = double.Parse(part.Value[..^1], NumberStyles.Float, CultureInfo.InvariantCulture);
            seconds += amount * unit switch
            {
                'd' => 86_400,
                'h' => 3_600,
                'm' => 60,
                _ => 1,
            };
        }
        return seconds > 0 && seconds <= Longest.TotalSeconds ? TimeSpan.FromSeconds(seconds) : null;
    }

    [GeneratedRegex(@"^(?<part>\d+(\.\d+)?[dhms])+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}
