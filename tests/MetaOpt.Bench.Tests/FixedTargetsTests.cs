using MetaOpt.Bench.Functions;
using MetaOpt.Bench.Gp;

namespace MetaOpt.Bench.Tests;

public class FixedTargetsTests
{
    // Three cold runs of four trials; optimum 1, range 2e6, so the floor is 1 + 1e-6 * 2e6 = 3.
    private static readonly double[][] Cold =
    [
        [20, 8, 4, 2.5],
        [30, 9, 3.5, 2.9],
        [10, 7, 5, 3.2],
    ];

    [Fact]
    public void TargetsAreTheColdMediansClippedAtTheFloorAndAClippedRepeatIsOneTarget()
    {
        var targets = FixedTargets.Targets(Cold, [1, 2, 3, 4], optimum: 1, range: 2e6);

        // Medians 20, 8, 4, 2.9: the last is closer to the optimum than 3, so the floor takes its place.
        Assert.Equal([new Target(1, 20, false), new Target(2, 8, false), new Target(3, 4, false), new Target(4, 3, true)], targets);
        // With a floor of 1 + 1e-6 * 5e6 = 6, the medians 4 and 2.9 both become 6: one target, named by the smaller budget.
        Assert.Equal([new Target(1, 20, false), new Target(2, 8, false), new Target(3, 6, true)], FixedTargets.Targets(Cold, [1, 2, 3, 4], 1, 5e6));
    }

    [Fact]
    public void TargetsRefuseABudgetLongerThanTheColdRuns() =>
        Assert.Throws<ArgumentException>(() => FixedTargets.Targets(Cold, [2, 5], 1, 2e6));

    [Theory]
    [InlineData(4.0, 2)]
    [InlineData(4.5, 2)]
    [InlineData(2.0, 4)]
    [InlineData(5.0, 1)]
    public void TheRuntimeIsTheFirstTrialAtOrBelowTheTarget(double target, int expected) =>
        Assert.Equal(expected, FixedTargets.Runtime([5, 4, 4, 2, 1], target));

    [Fact]
    public void ATargetBelowEveryValueIsNotReached() =>
        Assert.Null(FixedTargets.Runtime([5, 4, 4, 2, 1], 0.5));

    [Theory]
    // (3 + 10 + 5) / 2: the run that missed spent the whole budget of 10.
    [InlineData(new[] { 3, -1, 5 }, 10, 9.0)]
    // Every run reached: ERT is the mean runtime.
    [InlineData(new[] { 2, 4 }, 100, 3.0)]
    // (7 + 50 + 50 + 50) / 1.
    [InlineData(new[] { -1, 7, -1, -1 }, 50, 157.0)]
    [InlineData(new[] { -1, -1 }, 50, double.PositiveInfinity)]
    public void TheExpectedRunningTimeChargesMissedRunsTheirWholeBudget(int[] runtimes, int budget, double expected) =>
        Assert.Equal(expected, FixedTargets.Ert(runtimes.Select(r => r < 0 ? (int?)null : r), budget), 12);

    [Fact]
    public void TheEcdfCountsRuntimesAtMostEachTrialCountAndNeverTheMissedOnes() =>
        Assert.Equal([0.0, 0.25, 0.25, 0.5, 0.5], FixedTargets.Ecdf([2, null, 4, null], 5));

    [Fact]
    public void TheFigureOfMeritIsTheGeometricMeanOfErtRatiosOverFunctionsAndTargets()
    {
        // f: target 0 cold ERT (2 + 6) / 2 = 4, warm (1 + 1) / 2 = 1: ratio 4; target 1 cold (10 + 10) / 1 = 20, warm
        // (5 + 5) / 2 = 5: ratio 4. g: cold 3, warm 12: ratio 1/4. Geometric mean (4 * 4 * 1/4)^(1/3) = 4^(1/3).
        var functions = Runtimes();

        Assert.Equal(Math.Cbrt(4), FixedTargets.FigureOfMerit(functions, "cold", "warm", [0, 1]), 12);
        // Seed 0 twice: f ratios 2/1 and 10/5, g 3/12: (2 * 2 / 4)^(1/3) = 1.
        Assert.Equal(1.0, FixedTargets.FigureOfMerit(functions, "cold", "warm", [0, 0]), 12);
    }

    [Fact]
    public void ATargetOnlyTheBaselineReachedMakesTheFigureZeroAndOneNeitherReachedIsLeftOut()
    {
        int?[][] reached = [[3, 4]], missed = [[null, null]];
        var onlyCold = new FunctionRuntimes("f", [new Target(1, 1, false)], 10, new Dictionary<string, int?[][]> { ["cold"] = reached, ["warm"] = missed });
        var neither = new FunctionRuntimes("g", [new Target(1, 1, false)], 10, new Dictionary<string, int?[][]> { ["cold"] = missed, ["warm"] = missed });
        var even = new FunctionRuntimes("h", [new Target(1, 1, false)], 10, new Dictionary<string, int?[][]> { ["cold"] = [[2, 6]], ["warm"] = [[4, 4]] });

        Assert.Equal(0.0, FixedTargets.FigureOfMerit([onlyCold, even], "cold", "warm", [0, 1]));
        Assert.Equal(1.0, FixedTargets.FigureOfMerit([neither, even], "cold", "warm", [0, 1]), 12);
        Assert.True(double.IsNaN(FixedTargets.FigureOfMerit([neither], "cold", "warm", [0, 1])));
    }

    [Fact]
    public void TheBootstrapIntervalCollapsesWhenEverySeedGivesTheSameRatioAndOtherwiseSpansTheSeeds()
    {
        // Every seed: cold 4, warm 2 on both targets, so every resample gives exactly 2.
        var same = new FunctionRuntimes("f", [new Target(1, 2, false), new Target(2, 1, false)], 10,
            new Dictionary<string, int?[][]> { ["cold"] = [[4, 4, 4], [4, 4, 4]], ["warm"] = [[2, 2, 2], [2, 2, 2]] });
        Assert.Equal((2.0, 2.0, 2.0), Rounded(FixedTargets.Bootstrap([same], "cold", "warm", 3, 500, 0.9, new Random(1))));

        // Ratios by seed 1, 2 and 8: resamples lie between 1 and 8; the estimate is the ERT ratio (14 / 3) / (5 / 3).
        var spread = new FunctionRuntimes("f", [new Target(1, 2, false)], 10,
            new Dictionary<string, int?[][]> { ["cold"] = [[2, 4, 8]], ["warm"] = [[2, 2, 1]] });
        var (estimate, low, high) = FixedTargets.Bootstrap([spread], "cold", "warm", 3, 2000, 0.9, new Random(1));
        Assert.Equal(14.0 / 5, estimate, 12);
        Assert.InRange(low, 1.0, estimate);
        Assert.InRange(high, estimate, 8.0);
        Assert.True(low < 2 && high > 4, $"The interval [{low}, {high}] should reflect the spread of the seeds' ratios.");
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.5, 2.5)]
    [InlineData(0.9, 3.7)]
    [InlineData(1.0, 4.0)]
    public void TheQuantileInterpolatesBetweenOrderStatistics(double p, double expected) =>
        Assert.Equal(expected, FixedTargets.Quantile([1, 2, 3, 4], p), 12);

    [Fact]
    public void TheQuantileBetweenTwoInfiniteResamplesIsInfinite() =>
        Assert.Equal(double.PositiveInfinity, FixedTargets.Quantile([1, 2, double.PositiveInfinity, double.PositiveInfinity], 0.9));

    [Fact]
    public void TheRangeIsTheLargestRandomValueAboveTheOptimum()
    {
        // f(x) = 3x on [0, 1]: range 3, approached from below by the largest of 2000 draws.
        var line = new BenchmarkFunction("line", new Dictionary<string, Distribution> { ["x"] = new FloatDistribution(0, 1) },
            p => 3 * (double)p["x"], 0);

        Assert.InRange(FixedTargets.Range(line, points: 2000), 2.99, 3.0);
    }

    // f: two targets, two seeds; g: one target.
    private static List<FunctionRuntimes> Runtimes() =>
    [
        new("f", [new Target(1, 2, false), new Target(2, 1, false)], 10, new Dictionary<string, int?[][]>
        {
            ["cold"] = [[2, 6], [10, null]],
            ["warm"] = [[1, 1], [5, 5]],
        }),
        new("g", [new Target(1, 2, false)], 10, new Dictionary<string, int?[][]>
        {
            ["cold"] = [[3, 3]],
            ["warm"] = [[12, 12]],
        }),
    ];

    private static (double, double, double) Rounded((double A, double B, double C) v) =>
        (Math.Round(v.A, 12), Math.Round(v.B, 12), Math.Round(v.C, 12));
}
