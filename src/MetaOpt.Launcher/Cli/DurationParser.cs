using System.Globalization;
using System.Text.RegularExpressions;

namespace MetaOpt.Launcher.Cli;

/// <summary>Reads durations written the way people type them: <c>90s</c>, <c>30m</c>, <c>2h</c>, <c>1h30m</c>, <c>1d</c>.</summary>
internal static partial class DurationParser
{
    public const string Examples = "90s, 30m, 2h or 1h30m";

    /// <summary>The duration, or null when the text is not one (or is not positive).</summary>
    public static TimeSpan? TryParse(string text)
    {
        var match = DurationPattern().Match(text.Trim());
        if (!match.Success || match.Groups["part"].Captures.Count == 0)
            return null;
        var total = TimeSpan.Zero;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unit = char.ToLowerInvariant(part.Value[^1]);
            var amount = double.Parse(part.Value[..^1], NumberStyles.Float, CultureInfo.InvariantCulture);
            total += unit switch
            {
                'd' => TimeSpan.FromDays(amount),
                'h' => TimeSpan.FromHours(amount),
                'm' => TimeSpan.FromMinutes(amount),
                _ => TimeSpan.FromSeconds(amount),
            };
        }
        return total > TimeSpan.Zero ? total : null;
    }

    [GeneratedRegex(@"^(?<part>\d+(\.\d+)?[dhms])+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}
