namespace MetaOpt.Tests;

public class ParetoTests
{
    private static readonly Direction[] MinMin = [Direction.Minimize, Direction.Minimize];
    private static readonly Direction[] MinMinMin = [Direction.Minimize, Direction.Minimize, Direction.Minimize];

    [Theory]
    [InlineData(1, 5, 2, 4, true)]    // better in both
    [InlineData(1, 4, 1, 5, false)]   // worse in the maximised one
    [InlineData(1, 5, 1, 5, false)]   // equal
    [InlineData(1, 5, 1, 4, true)]    // equal in one, better in the other
    [InlineData(2, 5, 1, 4, false)]   // a trade-off
    public void DominanceReadsEachObjectiveInItsDirection(double a0, double a1, double b0, double b1, bool dominates) =>
        Assert.Equal(dominates, Pareto.Dominates([a0, a1], [b0, b1], [Direction.Minimize, Direction.Maximize]));

    [Fact]
    public void DominanceRefusesAnotherNumberOfValues() =>
        Assert.Throws<ArgumentException>(() => Pareto.Dominates([1, 2, 3], [1, 2], MinMin));

    [Fact]
    public void TheReferencePointIsTheWorstPlusATenthOfTheRangeInEachDirectionOrOneWhereAllAreEqual()
    {
        double[][] points = [[1, 10, 7], [3, 4, 7]];
        Assert.Equal([3.2, 3.4, 8], Pareto.ReferencePoint(points, [Direction.Minimize, Direction.Maximize, Direction.Minimize]),
            (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void TheReferencePointRefusesNoPointsAndInfiniteValues()
    {
        Assert.Throws<ArgumentException>(() => Pareto.ReferencePoint([], MinMin));
        Assert.Throws<ArgumentException>(() => Pareto.ReferencePoint([[1, double.PositiveInfinity]], MinMin));
    }

    [Fact]
    public void TheGreedySubsetAddsThePointThatAddsMostNotTheOneWithTheLargestBox()
    {
        // (1.5, 1.5) alone covers 72.25 but adds nothing once (1, 1) is in; (8, 0) covers 20 and adds 2.
        double[][] points = [[1, 1], [1.5, 1.5], [8, 0]];
        Assert.Equal([0, 2], Pareto.GreedyHypervolumeSubset(points, 2, [10, 10], MinMin));
        Assert.Equal([0, 2, 1], Pareto.GreedyHypervolumeSubset(points, 3, [10, 10], MinMin));
    }

    [Fact]
    public void ContributionsAreWhatTheHypervolumeLosesWithoutEachPoint()
    {
        // Against (10, 10), alone: (1, 5) covers [1, 2) x [5, 10); (2, 2) [2, 3) x [2, 5) and [3, 6) x [2, 3); (6, 1)
        // [6, 10) x [1, 2); (3, 3) is dominated by (2, 2).
        double[][] points = [[1, 5], [2, 2], [6, 1], [3, 3]];
        Assert.Equal([5.0, 6, 4, 0], Pareto.HypervolumeContributions(points, [10, 10], MinMin), (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void NonDominatedSortOrdersAHandMadeSetByFront()
    {
        double[][] points = [[1, 4], [2, 2], [4, 1], [3, 3], [4, 4], [2, 2]];
        var fronts = Pareto.NonDominatedSort(points, MinMin);
        Assert.Equal(3, fronts.Count);
        Assert.Equal([0, 1, 2, 5], fronts[0]);
        Assert.Equal([3], fronts[1]);
        Assert.Equal([4], fronts[2]);
    }

    [Fact]
    public void NonDominatedSortOfMaximisedObjectivesReversesTheOrder()
    {
        double[][] points = [[1, 1], [2, 2], [3, 3]];
        var fronts = Pareto.NonDominatedSort(points, [Direction.Maximize, Direction.Maximize]);
        Assert.Equal([[2], [1], [0]], fronts.Select(f => f.ToArray()));
    }

    [Fact]
    public void ConstraintDominationPutsFeasiblePointsFirstThenTheSmallerViolation()
    {
        double[][] points = [[1, 1], [2, 2], [3, 3], [0, 0], [0.5, 0.5], [2.5, 1.5]];
        double[] violations = [2, 0, 0, 1, double.PositiveInfinity, 0];
        var fronts = Pareto.NonDominatedSort(points, MinMin, violations);
        // Feasible (1, 2, 5) by their objectives, then 3 (violation 1), 0 (2), and 4 without constraint values last.
        Assert.Equal([[1, 5], [2], [3], [0], [4]], fronts.Select(f => f.ToArray()));
        Assert.Throws<ArgumentException>(() => Pareto.NonDominatedSort(points, MinMin, [0, 0]));
        Assert.Throws<ArgumentException>(() => Pareto.NonDominatedSort(points, MinMin, [0, 0, 0, 0, 0, -1]));
    }

    [Fact]
    public void CrowdingDistanceOnHandMadeFronts()
    {
        var three = Pareto.CrowdingDistance([[1, 4], [2, 2], [4, 1]]);
        Assert.Equal(double.PositiveInfinity, three[0]);
        Assert.Equal(2.0, three[1], 12);
        Assert.Equal(double.PositiveInfinity, three[2]);
        var four = Pareto.CrowdingDistance([[0, 4], [1, 2], [3, 1], [4, 0]]);
        Assert.Equal(1.5, four[1], 12);
        Assert.Equal(1.25, four[2], 12);
        Assert.True(double.IsPositiveInfinity(four[0]) && double.IsPositiveInfinity(four[3]));
    }

    [Fact]
    public void CrowdingDistanceOfAFlatObjectiveAddsNothing()
    {
        var distance = Pareto.CrowdingDistance([[0, 1], [1, 1], [2, 1]]);
        Assert.Equal(1.0, distance[1], 12);
    }

    [Fact]
    public void HypervolumeOfAHandComputedTwoObjectiveSet()
    {
        double[][] front = [[1, 3], [2, 2], [3, 1]];
        Assert.Equal(6.0, Pareto.Hypervolume(front, [4, 4], MinMin), 12);
        // A dominated point and one beyond the reference add nothing.
        Assert.Equal(6.0, Pareto.Hypervolume([.. front, [3, 3], [5, 0]], [4, 4], MinMin), 12);
        Assert.Equal(0.0, Pareto.Hypervolume([], [4, 4], MinMin));
    }

    [Fact]
    public void HypervolumeOfMaximisedObjectivesCountsUpFromTheReference() =>
        Assert.Equal(6.0, Pareto.Hypervolume([[3, 1], [2, 2], [1, 3]], [0, 0], [Direction.Maximize, Direction.Maximize]), 12);

    [Fact]
    public void HypervolumeOfAHandComputedThreeObjectiveSet()
    {
        // Three boxes of volume 2, overlapping pairwise and all together in the unit cube [1, 2]^3: 6 - 3 + 1.
        Assert.Equal(4.0, Pareto.Hypervolume([[0, 1, 1], [1, 0, 1], [1, 1, 0]], [2, 2, 2], MinMinMin), 12);
        Assert.Equal(6.0, Pareto.Hypervolume([[0, 0, 0]], [1, 2, 3], MinMinMin), 12);
    }

    [Theory]
    [InlineData(3, 1)]
    [InlineData(3, 2)]
    [InlineData(4, 3)]
    public void HypervolumeBySlicingMatchesInclusionExclusion(int objectives, int seed)
    {
        var random = new Random(seed);
        var points = Enumerable.Range(0, 8).Select(_ => Enumerable.Range(0, objectives).Select(_ => random.NextDouble()).ToArray()).ToArray();
        var reference = Enumerable.Repeat(1.1, objectives).ToArray();
        var directions = Enumerable.Repeat(Direction.Minimize, objectives).ToArray();
        // Every non-empty subset's common box, signed by its size: exact, and independent of the slicing.
        var expected = 0.0;
        for (var mask = 1; mask < 1 << points.Length; mask++)
        {
            var members = Enumerable.Range(0, points.Length).Where(i => (mask >> i & 1) == 1).ToList();
            var volume = Enumerable.Range(0, objectives).Aggregate(1.0, (v, m) => v * (reference[m] - members.Max(i => points[i][m])));
            expected += members.Count % 2 == 1 ? volume : -volume;
        }
        Assert.Equal(expected, Pareto.Hypervolume(points, reference, directions), 10);
    }

    [Fact]
    public void HypervolumeRefusesAReferenceOfAnotherSize() =>
        Assert.Throws<ArgumentException>(() => Pareto.Hypervolume([[1, 1]], [2, 2, 2], MinMin));

    [Fact]
    public void TheFrontKeepsCompleteTrialsThatNoneDominates()
    {
        FrozenTrial Trial(int number, TrialState state, params double[] values) =>
            new() { Id = number, Number = number, State = state, Values = state == TrialState.Complete ? values : null };
        var front = Pareto.Front(
            [Trial(2, TrialState.Complete, 1, 1), Trial(0, TrialState.Complete, 2, 2), Trial(1, TrialState.Failed), Trial(3, TrialState.Complete, 0, 3)],
            MinMin);
        Assert.Equal([2, 3], front.Select(t => t.Number));
    }
}
