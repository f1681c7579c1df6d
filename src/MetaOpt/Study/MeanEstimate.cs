using MathNet.Numerics.Distributions;

namespace MetaOpt;

/// <summary>
/// The mean of repeated noisy measurements (a configuration's objective over its seeds, a baseline's), with its 95%
/// confidence interval from Student's t: the one place that says how sure a mean is and whether two can be told apart.
/// </summary>
public sealed record MeanEstimate
{
    /// <summary>The level of <see cref="CanTellApart"/>'s test: two means are told apart when the test rejects equality at 5%.</summary>
    public const double Significance = 0.05;

    private MeanEstimate(IReadOnlyList<double> values, IReadOnlyList<int?> seeds)
    {
        Values = values;
        Seeds = seeds;
        Mean = values.Average();
        if (values.Count < 2)
            return;
        var n = values.Count;
        StandardDeviation = Math.Sqrt(values.Sum(v => (v - Mean) * (v - Mean)) / (n - 1));
        var half = StudentT.InvCDF(0, 1, n - 1, 1 - Significance / 2) * StandardDeviation.Value / Math.Sqrt(n);
        Low = Mean - half;
        High = Mean + half;
    }

    /// <summary>The measurements, as given.</summary>
    public IReadOnlyList<double> Values { get; }

    /// <summary>
    /// The training seed of each measurement, in the order of <see cref="Values"/>; null where it is unknown. Two
    /// estimates with seeds in common are compared on them, pair by pair (<see cref="MeanDifference"/>).
    /// </summary>
    public IReadOnlyList<int?> Seeds { get; }

    /// <summary>How many measurements.</summary>
    public int Count => Values.Count;

    /// <summary>Their mean.</summary>
    public double Mean { get; }

    /// <summary>Their sample standard deviation (n - 1 in the denominator); null for one measurement.</summary>
    public double? StandardDeviation { get; }

    /// <summary>The low end of the 95% interval of the mean, <c>mean - t(0.975, n - 1) · sd / √n</c>; null for one measurement.</summary>
    public double? Low { get; }

    /// <summary>The high end of the 95% interval of the mean; null for one measurement.</summary>
    public double? High { get; }

    /// <summary>The estimate from <paramref name="values"/>, whose seeds are unknown.</summary>
    /// <exception cref="ArgumentException">No values, or one that is not finite.</exception>
    public static MeanEstimate Of(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Of(values.Select(v => (v, (int?)null)));
    }

    /// <summary>The estimate from <paramref name="runs"/>: each value with the seed it was measured with (null when unknown).</summary>
    /// <exception cref="ArgumentException">No values, or one that is not finite.</exception>
    public static MeanEstimate Of(IEnumerable<(double Value, int? Seed)> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var list = runs.ToList();
        if (list.Count == 0)
            throw new ArgumentException("A mean needs at least one value.", nameof(runs));
        foreach (var (value, _) in list.Where(r => !double.IsFinite(r.Value)))
            throw new ArgumentException($"Values must be finite numbers, not {value}.", nameof(runs));
        return new MeanEstimate(list.Select(r => r.Value).ToList(), list.Select(r => r.Seed).ToList());
    }

    /// <summary>
    /// The two-sided p-value of Welch's t-test that <paramref name="a"/> and <paramref name="b"/> have the same mean
    /// (unequal variances, Welch–Satterthwaite degrees of freedom); null when either has fewer than two values, as
    /// its spread is then unknown. Two sets without spread have p 0 when their means differ and 1 when they do not.
    /// </summary>
    public static double? WelchPValue(MeanEstimate a, MeanEstimate b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.StandardDeviation is not { } sa || b.StandardDeviation is not { } sb)
            return null;
        var va = sa * sa / a.Count;
        var vb = sb * sb / b.Count;
        if (va + vb == 0)
            return a.Mean == b.Mean ? 1 : 0;
        var t = Math.Abs(a.Mean - b.Mean) / Math.Sqrt(va + vb);
        var df = (va + vb) * (va + vb) / (va * va / (a.Count - 1) + vb * vb / (b.Count - 1));
        return 2 * (1 - StudentT.CDF(0, 1, df, t));
    }

    /// <summary>
    /// True when the runs show that the two means differ (<see cref="MeanDifference.ToldApart"/>): on the seeds both
    /// were run with, a paired t-test; when most runs have no partner, Welch's test. False when the test does not reject
    /// equality at <see cref="Significance"/>, or when either has a single value (a single draw tells nothing of the noise).
    /// </summary>
    public static bool CanTellApart(MeanEstimate a, MeanEstimate b) => MeanDifference.Of(a, b).ToldApart;
}
