namespace MetaOpt;

/// <summary>
/// Pareto dominance among objective vectors under a study's directions, and what multi-objective search and reports
/// build on it: the front, Deb's fast non-dominated sort, crowding distance and the exact hypervolume.
/// </summary>
/// <remarks>
/// Every method reads each objective as a loss first (<see cref="DirectionExtensions.Sign"/>), so "better" means what
/// <see cref="DirectionExtensions"/> says, objective by objective.
/// </remarks>
public static class Pareto
{
    /// <summary>
    /// Whether <paramref name="a"/> dominates <paramref name="b"/>: no worse in every objective and strictly better in
    /// at least one. Equal vectors do not dominate each other.
    /// </summary>
    /// <exception cref="ArgumentException">The vectors do not have one value per direction.</exception>
    public static bool Dominates(IReadOnlyList<double> a, IReadOnlyList<double> b, IReadOnlyList<Direction> directions)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        CheckCount(a, directions, nameof(a));
        CheckCount(b, directions, nameof(b));
        var strictly = false;
        for (var i = 0; i < directions.Count; i++)
        {
            double lossA = directions[i].Sign() * a[i], lossB = directions[i].Sign() * b[i];
            if (lossA > lossB)
                return false;
            strictly |= lossA < lossB;
        }
        return strictly;
    }

    /// <summary>
    /// The Complete trials with one value per direction that no other such trial dominates, in number order: the
    /// study's Pareto front (for one objective, the trials sharing the best value).
    /// </summary>
    public static IReadOnlyList<FrozenTrial> Front(IEnumerable<FrozenTrial> trials, IReadOnlyList<Direction> directions)
    {
        ArgumentNullException.ThrowIfNull(trials);
        ArgumentNullException.ThrowIfNull(directions);
        var complete = trials
            .Where(t => t.State == TrialState.Complete && t.Values?.Count == directions.Count)
            .OrderBy(t => t.Number)
            .ToList();
        return complete.Where(t => !complete.Any(other => Dominates(other.Values!, t.Values!, directions))).ToList();
    }

    /// <summary>
    /// Deb's fast non-dominated sort: the indices of <paramref name="points"/> by front, the non-dominated first, each
    /// front in index order; a point of front k is dominated by one of front k-1 and by none of front k or later.
    /// </summary>
    /// <param name="points">The objective vectors.</param>
    /// <param name="directions">One direction per objective.</param>
    /// <param name="violations">
    /// Each point's total constraint violation (0 when it satisfies every constraint, infinity when it has no
    /// constraint values), for Deb's constraint-domination: a feasible point dominates an infeasible one, of two
    /// infeasible points the smaller violation dominates, and two feasible points (or two without values) compare by
    /// their objectives. Null for an unconstrained sort.
    /// </param>
    /// <exception cref="ArgumentException">A point does not have one value per direction, or the violations do not match the points.</exception>
    public static IReadOnlyList<IReadOnlyList<int>> NonDominatedSort(
        IReadOnlyList<IReadOnlyList<double>> points, IReadOnlyList<Direction> directions, IReadOnlyList<double>? violations = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(directions);
        if (violations is not null && (violations.Count != points.Count || violations.Any(v => !(v >= 0))))
            throw new ArgumentException($"{violations.Count} violations for {points.Count} points: give one violation, 0 or more, per point.", nameof(violations));
        bool Dominates(int a, int b)
        {
            if (violations is null || violations[a] == violations[b] && (violations[a] == 0 || double.IsPositiveInfinity(violations[a])))
                return Pareto.Dominates(points[a], points[b], directions);
            return violations[a] < violations[b];
        }
        var n = points.Count;
        var dominates = new List<int>[n];
        var dominatedBy = new int[n];
        for (var i = 0; i < n; i++)
            dominates[i] = [];
        for (var i = 0; i < n; i++)
            for (var j = i + 1; j < n; j++)
            {
                if (Dominates(i, j))
                {
                    dominates[i].Add(j);
                    dominatedBy[j]++;
                }
                else if (Dominates(j, i))
                {
                    dominates[j].Add(i);
                    dominatedBy[i]++;
                }
            }
        var fronts = new List<IReadOnlyList<int>>();
        var current = Enumerable.Range(0, n).Where(i => dominatedBy[i] == 0).ToList();
        while (current.Count > 0)
        {
            fronts.Add(current);
            var next = new List<int>();
            foreach (var i in current)
                foreach (var j in dominates[i])
                    if (--dominatedBy[j] == 0)
                        next.Add(j);
            next.Sort();
            current = next;
        }
        return fronts;
    }

    /// <summary>
    /// The crowding distance of each point of one front (Deb et al. 2002): per objective, the points at either end
    /// get infinity and the others the gap between their two neighbours over the objective's range, summed over the
    /// objectives. Larger means lonelier, so preferring it keeps a front spread out. An objective on which all points
    /// are equal adds nothing; ties are ordered by index, so the result is reproducible.
    /// </summary>
    /// <exception cref="ArgumentException">The points do not all have the same number of values.</exception>
    public static IReadOnlyList<double> CrowdingDistance(IReadOnlyList<IReadOnlyList<double>> front)
    {
        ArgumentNullException.ThrowIfNull(front);
        var n = front.Count;
        var distance = new double[n];
        if (n == 0)
            return distance;
        var objectives = front[0].Count;
        if (front.Any(p => p.Count != objectives))
            throw new ArgumentException("The points of a front must all have the same number of values.", nameof(front));
        for (var m = 0; m < objectives; m++)
        {
            var order = Enumerable.Range(0, n).OrderBy(i => front[i][m]).ThenBy(i => i).ToArray();
            double low = front[order[0]][m], high = front[order[^1]][m];
            distance[order[0]] = distance[order[^1]] = double.PositiveInfinity;
            if (high <= low)
                continue;
            for (var k = 1; k < n - 1; k++)
                distance[order[k]] += (front[order[k + 1]][m] - front[order[k - 1]][m]) / (high - low);
        }
        return distance;
    }

    /// <summary>
    /// The exact hypervolume that <paramref name="points"/> dominate up to <paramref name="reference"/>: the volume of
    /// the region of objective space that some point is at least as good as and the reference is no better than.
    /// Points not strictly better than the reference in every objective add nothing. Two objectives are swept in
    /// O(n log n); more are sliced along the last objective (hypervolume by slicing objectives), each slab being the
    /// hypervolume of one objective fewer, which is exact and fast for the fronts a study holds (hundreds of points,
    /// three or four objectives).
    /// </summary>
    /// <exception cref="ArgumentException">The reference or a point does not have one value per direction, or the reference is not finite.</exception>
    public static double Hypervolume(IEnumerable<IReadOnlyList<double>> points, IReadOnlyList<double> reference, IReadOnlyList<Direction> directions)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(reference);
        CheckCount(reference, directions, nameof(reference));
        if (reference.Any(r => !double.IsFinite(r)))
            throw new ArgumentException($"The reference point must be finite: ({string.Join(", ", reference)}).", nameof(reference));
        var d = directions.Count;
        var limit = Enumerable.Range(0, d).Select(i => directions[i].Sign() * reference[i]).ToArray();
        var losses = new List<double[]>();
        foreach (var point in points)
        {
            CheckCount(point, directions, nameof(points));
            var loss = Enumerable.Range(0, d).Select(i => directions[i].Sign() * point[i]).ToArray();
            if (Enumerable.Range(0, d).All(i => loss[i] < limit[i]))
                losses.Add(loss);
        }
        return Volume(losses, limit, d);
    }

    /// <summary>
    /// A reference point for <see cref="Hypervolume"/> that every one of <paramref name="points"/> is strictly better
    /// than: per objective, the worst value made worse by a tenth of the objective's range (by 1 where all values are
    /// equal). It follows the points' spread, not where the objective's zero lies.
    /// </summary>
    /// <exception cref="ArgumentException">No points, a point without one value per direction, or a value that is not finite.</exception>
    public static IReadOnlyList<double> ReferencePoint(IReadOnlyList<IReadOnlyList<double>> points, IReadOnlyList<Direction> directions)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(directions);
        if (points.Count == 0)
            throw new ArgumentException("A reference point needs at least one point.", nameof(points));
        foreach (var point in points)
        {
            CheckCount(point, directions, nameof(points));
            if (point.Any(v => !double.IsFinite(v)))
                throw new ArgumentException($"The points must be finite: ({string.Join(", ", point)}).", nameof(points));
        }
        return Enumerable.Range(0, directions.Count).Select(i =>
        {
            var sign = directions[i].Sign();
            var worst = points.Max(p => sign * p[i]);
            var best = points.Min(p => sign * p[i]);
            return sign * (worst + (worst == best ? 1 : (worst - best) / 10));
        }).ToArray();
    }

    /// <summary>
    /// Each point's exclusive hypervolume contribution: what the hypervolume of all of <paramref name="points"/> loses
    /// without it. A dominated point, or one of two equal points, contributes 0.
    /// </summary>
    internal static double[] HypervolumeContributions(IReadOnlyList<IReadOnlyList<double>> points, IReadOnlyList<double> reference, IReadOnlyList<Direction> directions)
    {
        var total = Hypervolume(points, reference, directions);
        return Enumerable.Range(0, points.Count)
            .Select(i => Math.Max(0, total - Hypervolume(points.Where((_, j) => j != i), reference, directions)))
            .ToArray();
    }

    /// <summary>
    /// A subset of <paramref name="count"/> of <paramref name="points"/> with a large hypervolume, chosen greedily
    /// (each step adds the point that adds the most; ties go to the lower index): the greedy solution of the
    /// hypervolume subset selection problem, within 1 - 1/e of the best subset's hypervolume (Guerreiro et al. 2016).
    /// Returns the chosen indices in the order chosen.
    /// </summary>
    internal static int[] GreedyHypervolumeSubset(IReadOnlyList<IReadOnlyList<double>> points, int count, IReadOnlyList<double> reference, IReadOnlyList<Direction> directions)
    {
        var chosen = new List<int>(count);
        var left = Enumerable.Range(0, points.Count).ToList();
        var selected = new List<IReadOnlyList<double>>(count);
        while (chosen.Count < count && left.Count > 0)
        {
            var (best, bestVolume) = (-1, double.NegativeInfinity);
            foreach (var i in left)
            {
                selected.Add(points[i]);
                var volume = Hypervolume(selected, reference, directions);
                selected.RemoveAt(selected.Count - 1);
                if (volume > bestVolume)
                    (best, bestVolume) = (i, volume);
            }
            chosen.Add(best);
            selected.Add(points[best]);
            left.Remove(best);
        }
        return [.. chosen];
    }

    /// <summary>The hypervolume of the first <paramref name="d"/> objectives of losses all below the limit in each.</summary>
    private static double Volume(List<double[]> points, double[] limit, int d)
    {
        if (points.Count == 0)
            return 0;
        if (d == 1)
            return limit[0] - points.Min(p => p[0]);
        if (d == 2)
        {
            // Sorted by the first objective, each point adds the strip between its second objective and the best
            // second objective of the points before it.
            var volume = 0.0;
            var best = limit[1];
            foreach (var p in points.OrderBy(p => p[0]).ThenBy(p => p[1]))
                if (p[1] < best)
                {
                    volume += (limit[0] - p[0]) * (best - p[1]);
                    best = p[1];
                }
            return volume;
        }
        // Between consecutive values of the last objective, the slab's cross-section is the hypervolume of the
        // points at or below the slab, in one objective fewer.
        var sorted = points.OrderBy(p => p[d - 1]).ToList();
        var total = 0.0;
        var below = new List<double[]>(sorted.Count);
        for (var i = 0; i < sorted.Count; i++)
        {
            below.Add(sorted[i]);
            var top = i + 1 < sorted.Count ? sorted[i + 1][d - 1] : limit[d - 1];
            var height = top - sorted[i][d - 1];
            if (height > 0)
                total += height * Volume(below, limit, d - 1);
        }
        return total;
    }

    private static void CheckCount(IReadOnlyList<double> values, IReadOnlyList<Direction> directions, string parameter)
    {
        ArgumentNullException.ThrowIfNull(directions);
        if (values.Count != directions.Count)
            throw new ArgumentException(
                $"{values.Count} values for {directions.Count} objectives ({directions.ToText()}): give one value per objective.", parameter);
    }
}
