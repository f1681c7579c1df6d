namespace MetaOpt.Reports.Plots;

/// <summary>
/// Thins what a plot cannot show anyway: a thousand lines already paint the bundle, ten thousand only take seconds to
/// draw and megabytes to store. The plot says how many it drew. A thinned bundle of lines is also drawn without
/// anti-aliasing: 150 smoothed crossing lines make a 450 kB PNG, plain ones 130 kB, and in a bundle that dense the
/// jagged edges hardly show.
/// </summary>
internal static class Subsample
{
    /// <summary>Dots on a scatter: beyond these they only cover each other and bloat the PNG.</summary>
    public const int MaxPoints = 800;

    /// <summary>Polylines (learning curves, parallel coordinates): beyond these the bundle looks the same.</summary>
    public const int MaxLines = 150;

    /// <summary>At most <paramref name="max"/> items, evenly spaced through the list, keeping its first and last.</summary>
    public static IReadOnlyList<T> Evenly<T>(IReadOnlyList<T> items, int max)
    {
        if (items.Count <= max)
            return items;
        return Enumerable.Range(0, max).Select(i => items[(int)Math.Round(i * (items.Count - 1.0) / (max - 1))]).ToList();
    }

    /// <summary>The legend line of a thinned plot.</summary>
    public static string Note(int drawn, int total, string what) => $"{drawn} of {total} {what} drawn, evenly spaced";
}
