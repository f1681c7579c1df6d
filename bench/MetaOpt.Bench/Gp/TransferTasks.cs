using MetaOpt.Bench.Functions;

namespace MetaOpt.Bench.Gp;

/// <summary>The earlier tasks a transfer benchmark warm-starts from: one related to a benchmark function, one not.</summary>
internal static class TransferTasks
{
    /// <summary>Fraction of each numeric parameter's range (in its own space) by which the related task's optimum moves, unless told otherwise.</summary>
    public const double Shift = 0.05;

    /// <summary>
    /// The function with its optimum moved down by <paramref name="shift"/> of every numeric range (log ranges in log space,
    /// stepped ranges by whole steps; down keeps every benchmark's optimum inside its box) and its values rescaled to 2f + 1: what an earlier study on similar data looks like.
    /// </summary>
    public static BenchmarkFunction Related(BenchmarkFunction function, double shift = Shift) =>
        function with
        {
            Name = function.Name + "-related",
            Evaluate = p => 2 * function.Evaluate(function.Space.ToDictionary(q => q.Key, q => Move(q.Value, p[q.Key], shift))) + 1,
            Optimum = 2 * function.Optimum + 1,
        };

    /// <summary>The function negated: the earlier study's best region is the new one's worst, its ranking the reverse.</summary>
    public static BenchmarkFunction Unrelated(BenchmarkFunction function) =>
        function with { Name = function.Name + "-unrelated", Evaluate = p => -function.Evaluate(p), Optimum = double.NaN };

    /// <summary>The point the related task evaluates the function at, x + shift, so its optimum lies at x* − shift.</summary>
    private static object Move(Distribution distribution, object value, double shift) => distribution switch
    {
        FloatDistribution { Log: true } f => (double)value * Math.Pow(f.High / f.Low, shift),
        FloatDistribution f => (double)value + shift * (f.High - f.Low),
        IntDistribution i => (int)value + (int)Math.Round(shift * (i.High - i.Low) / i.Step) * i.Step,
        _ => value,
    };
}
