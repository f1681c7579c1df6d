namespace MetaOpt;

/// <summary>
/// The winner's mean against the best baseline's mean in each group of the study's declared baselines, over the
/// baseline runs a confirmation stored (<see cref="BaselineRuns"/>): what the report, <c>best</c>, <c>export</c> and a
/// confirming run show.
/// </summary>
/// <param name="Group">The baseline group (<c>validation</c>, <c>test</c>).</param>
/// <param name="Compared">What the group compares: the objective, or the label of the declared metric.</param>
/// <param name="Winner">The winner's mean of it.</param>
/// <param name="Baseline">The group's best baseline by its mean.</param>
/// <param name="BaselineEstimate">That baseline's mean over its runs.</param>
/// <param name="Difference">The winner's mean minus the baseline's, with its 95% interval: paired on the seeds both
/// were run with (a confirmation runs the baselines on its repeats' seeds), else by Welch's test.</param>
/// <param name="WinnerBetter">Whether the winner's mean is the better one.</param>
public sealed record ConfirmedBaselines(
    string Group, string Compared, MeanEstimate Winner, BaselineDeclaration Baseline, MeanEstimate BaselineEstimate, MeanDifference Difference, bool WinnerBetter)
{
    /// <summary>Whether the test at 5% tells the two means apart (<see cref="MeanDifference.ToldApart"/>).</summary>
    public bool ToldApart => Difference.ToldApart;

    /// <summary>One per group whose baselines have runs and whose compared value the winner has; none without a winner or runs.</summary>
    /// <exception cref="InvalidDataException">The stored declarations or baseline runs are malformed.</exception>
    public static IReadOnlyList<ConfirmedBaselines> Of(IReadOnlyDictionary<string, object> studyAttrs, Direction direction, ConfigurationResult? winner)
    {
        ArgumentNullException.ThrowIfNull(studyAttrs);
        if (winner is null)
            return [];
        var declarations = StudyDeclarations.Read(studyAttrs);
        var runs = BaselineRuns.Read(studyAttrs);
        var result = new List<ConfirmedBaselines>();
        foreach (var group in declarations.Baselines.GroupBy(b => b.Group))
        {
            var metric = group.First().Metric is { } key ? declarations.Metric(key) : null;
            var compared = metric?.Direction ?? direction;
            var mine = metric is null ? winner.Objective : winner.Metric(metric.Key);
            var baselines = group.Select(b => (Baseline: b, Estimate: runs.Estimate(b.Key))).Where(b => b.Estimate is not null).ToList();
            if (mine is null || baselines.Count == 0)
                continue;
            var (best, estimate) = compared.BestBy(baselines, b => b.Estimate!.Mean);
            result.Add(new ConfirmedBaselines(group.Key, metric?.Label ?? "objective", mine, best, estimate!,
                MeanDifference.Of(mine, estimate!), compared.IsBetter(mine.Mean, estimate!.Mean)));
        }
        return result;
    }
}
