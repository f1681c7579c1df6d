namespace MetaOpt;

/// <summary>
/// What a <see cref="Direction"/> means for values: the one place that says which of two values is better, so that
/// samplers, pruners, the launcher, the report and the dashboard cannot disagree.
/// </summary>
public static class DirectionExtensions
{
    /// <summary>
    /// True when <paramref name="value"/> is strictly better than <paramref name="than"/> in this direction; a tie is
    /// not better, and neither is anything compared with NaN.
    /// </summary>
    public static bool IsBetter(this Direction direction, double value, double than) =>
        direction == Direction.Minimize ? value < than : value > than;

    /// <summary>
    /// 1 when minimising, -1 when maximising: multiplying a value by it gives a loss, where lower is always better.
    /// </summary>
    public static double Sign(this Direction direction) => direction == Direction.Minimize ? 1.0 : -1.0;

    /// <summary>The best of the values: their minimum or maximum, with <see cref="Enumerable"/>'s NaN rules.</summary>
    /// <exception cref="InvalidOperationException">There are no values.</exception>
    public static double Best(this Direction direction, IEnumerable<double> values) =>
        direction == Direction.Minimize ? values.Min() : values.Max();

    /// <summary>The item with the best key (the first of equals), as <see cref="Enumerable.MinBy{TSource, TKey}(IEnumerable{TSource}, Func{TSource, TKey})"/> and MaxBy find it.</summary>
    public static T? BestBy<T>(this Direction direction, IEnumerable<T> items, Func<T, double?> key) =>
        direction == Direction.Minimize ? items.MinBy(key) : items.MaxBy(key);

    /// <summary>
    /// The directions as storages keep them in one text field: their names separated by spaces ("Minimize Maximize"),
    /// so a single-objective study's text is its direction's name as before.
    /// </summary>
    public static string ToText(this IReadOnlyList<Direction> directions) => string.Join(' ', directions);

    /// <summary>The directions of a text written by <see cref="ToText"/>.</summary>
    /// <exception cref="FormatException">A word is not a direction's name, or there is none.</exception>
    public static IReadOnlyList<Direction> ParseDirections(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
            throw new FormatException("A study's directions are empty.");
        return words.Select(w => Enum.TryParse<Direction>(w, out var d) && Enum.IsDefined(d) && !char.IsDigit(w[0])
            ? d
            : throw new FormatException($"'{w}' is not a direction (Minimize or Maximize).")).ToArray();
    }
}
