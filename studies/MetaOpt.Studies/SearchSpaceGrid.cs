namespace MetaOpt.Studies;

/// <summary>
/// The grid the <c>grid</c> sampler of <see cref="SamplerRegistry"/> walks for a search space: every choice of a
/// categorical, every value of a small integer range, and <see cref="PointsPerAxis"/> evenly spread values
/// (geometrically on a log scale) of a float or a larger integer range.
/// </summary>
internal static class SearchSpaceGrid
{
    public const int PointsPerAxis = 5;

    public static IReadOnlyDictionary<string, IReadOnlyList<object>> Create(IReadOnlyDictionary<string, Distribution> space) =>
        space.ToDictionary(kv => kv.Key, kv => Values(kv.Value));

    private static IReadOnlyList<object> Values(Distribution distribution) => distribution switch
    {
        CategoricalDistribution c => c.Choices,
        IntDistribution i => IntValues(i),
        FloatDistribution f => Spread(f.Low, f.High, f.Log).Select(v => Snap(v, f.Low, f.Step)).Distinct().Cast<object>().ToList(),
        _ => throw new NotSupportedException($"a grid cannot be built over a {distribution.GetType().Name}"),
    };

    private static IReadOnlyList<object> IntValues(IntDistribution distribution)
    {
        var count = (distribution.High - distribution.Low) / distribution.Step + 1;
        var values = count <= PointsPerAxis
            ? Enumerable.Range(0, count).Select(k => distribution.Low + k * distribution.Step)
            : Spread(distribution.Low, distribution.High, distribution.Log)
                .Select(v => distribution.Low + (int)Math.Round((v - distribution.Low) / distribution.Step) * distribution.Step);
        return values.Distinct().Cast<object>().ToList();
    }

    private static IEnumerable<double> Spread(double low, double high, bool log) =>
        Enumerable.Range(0, PointsPerAxis).Select(k =>
        {
            var t = k / (double)(PointsPerAxis - 1);
            return log ? Math.Exp(Math.Log(low) + t * (Math.Log(high) - Math.Log(low))) : low + t * (high - low);
        });

    private static double Snap(double value, double low, double? step) =>
        step is { } s ? low + Math.Round((value - low) / s) * s : value;
}
