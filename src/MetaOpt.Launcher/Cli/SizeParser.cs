using System.Globalization;
using System.Text.RegularExpressions;

namespace MetaOpt.Launcher.Cli;

/// <summary>Reads memory sizes written the way people type them: <c>200M</c>, <c>8G</c>, <c>1.5G</c>, <c>512K</c>, in bytes without a unit.</summary>
internal static partial class SizeParser
{
    /// <summary>The smallest size accepted: a .NET worker needs some room for itself before it runs any trial.</summary>
    public const long Smallest = 64L << 20;

    public const string Allowed = "use a size of at least 64M, such as 200M, 8G or 1.5G (K, M, G, T are powers of 1024)";

    /// <summary>The size in bytes, or null when the text is not one or is below <see cref="Smallest"/>.</summary>
    public static long? TryParse(string text) => TryParse(text, Smallest);

    /// <summary>A size of anything but memory (a disk cap): at least one byte.</summary>
    public const string AllowedAnySize = "use a size such as 500M, 20G or 1.5G (K, M, G, T are powers of 1024)";

    /// <summary>The size in bytes, or null when the text is not one or is below <paramref name="smallest"/>.</summary>
    public static long? TryParse(string text, long smallest)
    {
        var match = SizePattern().Match(text.Trim());
        if (!match.Success)
            return null;
        var amount = double.Parse(match.Groups["amount"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        var unit = match.Groups["unit"].Value.ToUpperInvariant() switch
        {
            "K" => 1L << 10,
            "M" => 1L << 20,
            "G" => 1L << 30,
            "T" => 1L << 40,
            _ => 1L,
        };
        var bytes = amount * unit;
        return bytes >= smallest && bytes <= long.MaxValue / 2 ? (long)bytes : null;
    }

    [GeneratedRegex(@"^(?<amount>\d+(\.\d+)?)(?<unit>[KMGT]?)(i?B)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SizePattern();
}
