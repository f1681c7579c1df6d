using System.Globalization;
using MetaOpt.Bench.Functions;

namespace MetaOpt.Bench.Samplers;

/// <summary>The peer's summary table (median regret over seeds at 25/50/100 trials, median ms per ask) plus the last ask's time.</summary>
internal static class SamplerTable
{
    public static string Format(IReadOnlyList<SamplerRun> runs, IReadOnlyList<BenchmarkFunction> functions, IReadOnlyList<string> samplers, int trials)
    {
        var lines = new List<string>
        {
            $"{"function",-14} {"sampler",-18} {"med@25",10} {"med@50",10} {"med@100",10} {"ms/suggest",10} {"ms@last",10}",
        };
        foreach (var function in functions)
        {
            foreach (var sampler in samplers)
            {
                var group = runs.Where(r => r.Function == function.Name && r.Sampler == sampler).ToList();
                var regrets = new[] { 25, 50, 100 }.Select(k => Median(group.Select(r => r.Best[Math.Min(k, trials) - 1] - function.Optimum)));
                var msPerSuggest = Median(group.Select(r => r.SuggestMsTotal / r.Trials));
                var msLast = Median(group.Select(r => r.SuggestMs[^1]));
                lines.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{function.Name,-14} {sampler,-18} {string.Join(" ", regrets.Select(G4))} {msPerSuggest,10:F3} {msLast,10:F3}"));
            }
        }
        return string.Join(Environment.NewLine, lines);
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
            return double.NaN;
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
    }

    // Python's "{:10.4g}" (4 significant digits, exponent outside [1e-4, 1e4)), so the two tables read alike.
    private static string G4(double v)
    {
        if (v == 0 || !double.IsFinite(v))
            return v.ToString(CultureInfo.InvariantCulture).PadLeft(10);
        var exponent = (int)Math.Floor(Math.Log10(Math.Abs(double.Parse(v.ToString("E3", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture))));
        var text = exponent is >= -4 and < 4
            ? TrimZeros(v.ToString("F" + (3 - exponent), CultureInfo.InvariantCulture))
            : TrimZeros((v / Math.Pow(10, exponent)).ToString("F3", CultureInfo.InvariantCulture))
              + (exponent < 0 ? "e-" : "e+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
        return text.PadLeft(10);
    }

    private static string TrimZeros(string fixedPoint) =>
        fixedPoint.Contains('.') ? fixedPoint.TrimEnd('0').TrimEnd('.') : fixedPoint;
}
