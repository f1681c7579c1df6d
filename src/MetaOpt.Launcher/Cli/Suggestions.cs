namespace MetaOpt.Launcher.Cli;

/// <summary>"Did you mean ...?" for a mistyped command or study name: the known name closest by edit distance.</summary>
internal static class Suggestions
{
    /// <summary>
    /// The candidate closest to <paramref name="typed"/> (case-insensitive Damerau–Levenshtein distance), or null when
    /// none is close: at most a third of the longer name may differ, so 'lst' finds 'list' but 'xyz' finds nothing.
    /// </summary>
    public static string? Closest(string? typed, IEnumerable<string> candidates)
    {
        if (string.IsNullOrEmpty(typed))
            return null;
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(typed.ToLowerInvariant(), candidate.ToLowerInvariant());
            var allowed = Math.Max(1, Math.Max(typed.Length, candidate.Length) / 3);
            if (distance <= allowed && distance < bestDistance)
                (best, bestDistance) = (candidate, distance);
        }
        return best;
    }

    /// <summary>"did you mean 'x'? " for the closest candidate, or "" when none is close: to put inside an error line.</summary>
    public static string DidYouMean(string? typed, IEnumerable<string> candidates) =>
        Closest(typed, candidates) is { } closest ? $"did you mean '{Format.Name(closest)}'? " : "";

    /// <summary>Edits (insert, delete, substitute, swap two neighbours) that turn one string into the other.</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
            d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++)
            d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
