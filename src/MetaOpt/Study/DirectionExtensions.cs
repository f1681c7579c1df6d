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
}
