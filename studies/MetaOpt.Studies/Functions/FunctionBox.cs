namespace MetaOpt.Studies.Functions;

/// <summary>The search space of the function studies over a box: float parameters <c>x0 .. x(n-1)</c> with the same bounds.</summary>
internal static class FunctionBox
{
    /// <summary>A box of <paramref name="dimensions"/> float parameters <c>x0, x1, ...</c> with the same bounds.</summary>
    public static IReadOnlyDictionary<string, Distribution> Space(int dimensions, double low, double high) =>
        Enumerable.Range(0, dimensions).ToDictionary(i => $"x{i}", Distribution (_) => new FloatDistribution(low, high));

    /// <summary>The parameters <c>x0 .. x(n-1)</c> as an array.</summary>
    public static double[] Vector(IReadOnlyDictionary<string, object> parameters, int dimensions) =>
        Enumerable.Range(0, dimensions).Select(i => (double)parameters[$"x{i}"]).ToArray();
}
