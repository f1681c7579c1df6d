using MathNet.Numerics.Distributions;

namespace MetaOpt;

/// <summary>
/// The difference of two means, <c>a − b</c>, with its 95% interval, and whether it tells them apart. When the two
/// were run on common seeds (a confirmation's configurations and baselines share one seed list), the difference is
/// the mean of the paired differences on those seeds, with a paired t interval: the seed's share of the noise,
/// common to both, cancels. Otherwise (older studies, runs on each configuration's own seeds) it is the difference of
/// the means with Welch's interval (unequal variances, Welch–Satterthwaite degrees of freedom).
/// </summary>
public sealed record MeanDifference
{
    private MeanDifference(double mean, double? low, double? high, int pairs, bool orderAgrees)
    {
        Mean = mean;
        Low = low;
        High = high;
        Pairs = pairs;
        ToldApart = orderAgrees && (low > 0 || high < 0);
    }

    /// <summary>The difference <c>a − b</c>: the mean of the paired differences when <see cref="Paired"/>, else the difference of the means.</summary>
    public double Mean { get; }

    /// <summary>The low end of its 95% interval; null when it is not paired and either mean rests on a single run.</summary>
    public double? Low { get; }

    /// <summary>The high end of its 95% interval; null with <see cref="Low"/>.</summary>
    public double? High { get; }

    /// <summary>How many seeds the difference was paired on; 0 when it was not.</summary>
    public int Pairs { get; }

    /// <summary>Whether it comes from paired differences on common seeds rather than from Welch's test.</summary>
    public bool Paired => Pairs > 0;

    /// <summary>
    /// Whether the interval excludes 0 (the test rejects equality at <see cref="MeanEstimate.Significance"/>) on the
    /// side the two means are ordered: when the common seeds favour the mean that is behind overall (its other runs,
    /// unpaired, put it there), the runs contradict each other and the two are not told apart.
    /// </summary>
    public bool ToldApart { get; }

    /// <summary>The test, in words: "a paired t-test on 4 common seeds" or "Welch's test".</summary>
    public string Test => Paired ? $"a paired t-test on {Pairs} common seeds" : "Welch's test";

    /// <summary>
    /// The difference of <paramref name="a"/> and <paramref name="b"/>, paired on their common seeds when there are
    /// at least two and they hold every run of the one with fewer runs but at most one (a confirmed configuration's
    /// first run, trained on its own seed during the search); with fewer, most runs have no partner, and Welch's
    /// test on all of them says more than a paired test on a few.
    /// </summary>
    public static MeanDifference Of(MeanEstimate a, MeanEstimate b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var overall = a.Mean - b.Mean;
        var (x, y) = (BySeed(a), BySeed(b));
        var common = x.Keys.Where(y.ContainsKey).Order().ToList();
        if (common.Count >= 2 && common.Count >= Math.Min(a.Count, b.Count) - 1)
        {
            var differences = MeanEstimate.Of(common.Select(seed => x[seed] - y[seed]));
            return new MeanDifference(differences.Mean, differences.Low, differences.High, common.Count,
                Math.Sign(differences.Mean) == Math.Sign(overall));
        }
        if (a.StandardDeviation is not { } sa || b.StandardDeviation is not { } sb)
            return new MeanDifference(overall, null, null, 0, orderAgrees: false);
        var va = sa * sa / a.Count;
        var vb = sb * sb / b.Count;
        if (va + vb == 0)
            return new MeanDifference(overall, overall, overall, 0, orderAgrees: true);
        var df = (va + vb) * (va + vb) / (va * va / (a.Count - 1) + vb * vb / (b.Count - 1));
        var half = StudentT.InvCDF(0, 1, df, 1 - MeanEstimate.Significance / 2) * Math.Sqrt(va + vb);
        return new MeanDifference(overall, overall - half, overall + half, 0, orderAgrees: true);
    }

    // One value per known seed; two runs with one seed (which seeding never gives, but a study edited by hand might) by their mean.
    private static Dictionary<int, double> BySeed(MeanEstimate estimate) =>
        estimate.Values.Zip(estimate.Seeds)
            .Where(r => r.Second is not null)
            .GroupBy(r => r.Second!.Value)
            .ToDictionary(g => g.Key, g => g.Average(r => r.First));
}
