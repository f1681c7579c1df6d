using System.Globalization;
using System.Text;

namespace MetaOpt.Hosting;

/// <summary>Trial limits written as people give them: <c>20m</c>, <c>1h30m</c>, <c>200M</c>, <c>8G</c>.</summary>
internal static class Units
{
    public static string Duration(TimeSpan duration)
    {
        if (duration.TotalSeconds < 1)
            return $"{duration.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)}ms";
        var text = new StringBuilder();
        foreach (var (amount, unit) in new[] { ((int)duration.TotalDays, 'd'), (duration.Hours, 'h'), (duration.Minutes, 'm'), (duration.Seconds, 's') })
            if (amount > 0)
                text.Append(amount.ToString(CultureInfo.InvariantCulture)).Append(unit);
        return text.ToString();
    }

    public static string Bytes(long bytes)
    {
        foreach (var (size, unit) in new[] { (1L << 40, 'T'), (1L << 30, 'G'), (1L << 20, 'M'), (1L << 10, 'K') })
            if (bytes >= size && bytes % size == 0)
                return (bytes / size).ToString(CultureInfo.InvariantCulture) + unit;
        return bytes.ToString(CultureInfo.InvariantCulture) + " bytes";
    }
}
