namespace MetaOpt.Samplers.Tpe;

/// <summary>
/// The "below" group and its weights in a multi-objective study (MOTPE, Ozaki et al. 2020 and 2022): the trials are
/// ranked by non-dominated front, the front that does not fit whole is thinned by hypervolume, and each "below" trial
/// weighs by what it adds to the group's hypervolume, so l(x) favours the trials that spread and advance the front.
/// </summary>
/// <remarks>
/// Reference points are <see cref="Pareto.ReferencePoint"/> of the points at hand (the worst in each objective plus a
/// tenth of the range), which follows the points' spread; Optuna's 1.1 times the worst loss depends on where each
/// objective's zero lies.
/// </remarks>
internal static class MultiObjectiveSplit
{
    // Added to every contribution before normalising, so a trial that adds no hypervolume (dominated within the group,
    // or equal to another) keeps a weight just above 0 and every weight is positive.
    private const double ContributionFloor = 1e-12;

    /// <summary>
    /// Which of <paramref name="values"/> form the best <paramref name="count"/>: whole non-dominated fronts while they
    /// fit, then the greedy hypervolume subset (<see cref="Pareto.GreedyHypervolumeSubset"/>) of the next front against
    /// that front's reference point.
    /// </summary>
    public static bool[] Below(IReadOnlyList<IReadOnlyList<double>> values, IReadOnlyList<Direction> directions, int count)
    {
        var chosen = new bool[values.Count];
        var taken = 0;
        foreach (var front in Pareto.NonDominatedSort(values, directions))
        {
            if (taken >= count)
                break;
            if (taken + front.Count <= count)
            {
                foreach (var i in front)
                    chosen[i] = true;
                taken += front.Count;
                continue;
            }
            var points = front.Select(i => values[i]).ToList();
            foreach (var k in Pareto.GreedyHypervolumeSubset(points, count - taken, Pareto.ReferencePoint(points, directions), directions))
                chosen[front[k]] = true;
            taken = count;
        }
        return chosen;
    }

    /// <summary>
    /// The weight of each "below" point: its exclusive hypervolume contribution within the group (plus a floor of
    /// 1e-12) over the largest, so the most contributing weighs 1; a single point weighs 1.
    /// </summary>
    public static double[] Weights(IReadOnlyList<IReadOnlyList<double>> below, IReadOnlyList<Direction> directions)
    {
        if (below.Count <= 1)
            return [.. below.Select(_ => 1.0)];
        var contributions = Pareto.HypervolumeContributions(below, Pareto.ReferencePoint(below, directions), directions);
        var largest = contributions.Max() + ContributionFloor;
        return [.. contributions.Select(c => (c + ContributionFloor) / largest)];
    }
}
