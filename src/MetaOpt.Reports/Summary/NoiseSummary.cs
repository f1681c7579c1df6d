using MathNet.Numerics.Distributions;

namespace MetaOpt.Reports.Summary;

/// <summary>
/// How much of a study's spread is noise: the spread of each repeated configuration's runs (seeds) beside the spread
/// across configurations, and the smallest difference between two configurations the repeats can resolve.
/// </summary>
/// <remarks>
/// The noise is the pooled within-configuration standard deviation,
/// <c>s = √(Σ (nᵢ − 1) sᵢ² / Σ (nᵢ − 1))</c> over the configurations with two runs or more, with <c>Σ (nᵢ − 1)</c>
/// degrees of freedom: it assumes one noise level for all configurations, which a seed's effect roughly is. Two
/// configurations with <c>n</c> runs each (the fewest runs of a repeated configuration) differ by an estimate whose
/// 95% interval has the half-width <c>t(0.975, df) · s · √(2/n)</c>, and Student's t-test at 5% finds a true
/// difference with 80% probability from <c>(t(0.975, df) + t(0.8, df)) · s · √(2/n)</c> (the minimal detectable
/// difference).
/// </remarks>
internal sealed record NoiseSummary(
    IReadOnlyList<ConfigurationResult> Repeated,
    double PooledSd,
    int DegreesOfFreedom,
    double? AcrossFirstRunsSd,
    int Configurations,
    double? AcrossMeansSd,
    int RunsEach,
    double DifferenceHalfWidth,
    double DetectableDifference,
    double? TopTwoGap,
    int? RunsToResolveTopTwo)
{
    /// <summary>The power the minimal detectable difference is computed for.</summary>
    public const double Power = 0.8;

    /// <summary>The summary of a study's repeats; null when no configuration has two runs.</summary>
    public static NoiseSummary? Of(StudySnapshot study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var ranked = ConfigurationResult.Of(study.Trials, study.Direction);
        var repeated = ranked.Where(c => c.Repeats > 1).ToList();
        if (repeated.Count == 0)
            return null;
        var df = repeated.Sum(c => c.Repeats - 1);
        var pooled = Math.Sqrt(repeated.Sum(c => (c.Repeats - 1) * c.Objective.StandardDeviation!.Value * c.Objective.StandardDeviation.Value) / df);
        var runsEach = repeated.Min(c => c.Repeats);
        var tInterval = StudentT.InvCDF(0, 1, df, 1 - MeanEstimate.Significance / 2);
        var tPower = StudentT.InvCDF(0, 1, df, Power);
        var scale = pooled * Math.Sqrt(2.0 / runsEach);
        var gap = repeated.Count >= 2 ? Math.Abs(repeated[0].Objective.Mean - repeated[1].Objective.Mean) : (double?)null;
        // Runs each so that the detectable difference falls to the gap: n = 2 ((t₀.₉₇₅ + t₀.₈) s / gap)², df kept at the noise estimate's.
        var runsToResolve = gap is > 0 && pooled > 0 ? (int)Math.Ceiling(2 * Math.Pow((tInterval + tPower) * pooled / gap.Value, 2)) : (int?)null;
        return new NoiseSummary(repeated, pooled, df,
            ranked.Count >= 2 ? MeanEstimate.Of(ranked.Select(c => c.Trials[0].Value!.Value)).StandardDeviation : null, ranked.Count,
            repeated.Count >= 2 ? MeanEstimate.Of(repeated.Select(c => c.Objective.Mean)).StandardDeviation : null,
            runsEach, tInterval * scale, (tInterval + tPower) * scale, gap, runsToResolve);
    }

    /// <summary>The share of the variance between single runs of different configurations that the noise alone accounts for; null without two configurations.</summary>
    public double? NoiseShare => AcrossFirstRunsSd is > 0 and var across ? PooledSd * PooledSd / (across * across) : null;
}
