using MetaOpt.Importance;

namespace MetaOpt.Tests.Importance;

public sealed class RandomForestTests
{
    private static RegressionTree.TreeSettings Settings(int maxDepth = 1 << 20, bool[]? categorical = null) =>
        new(maxDepth, MinSamplesLeaf: 1, MinSamplesSplit: 2, MaxFeatures: categorical?.Length ?? 1, categorical);

    [Theory]
    [InlineData(0.15)]
    [InlineData(0.5)]
    [InlineData(0.75)]
    public void TheForestsVarianceAtAPointShrinksOnceThePointIsObserved(double held)
    {
        double[] xs = [0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.45, 0.55, 0.6, 0.7, 0.8, 0.9, 1];
        double Variance(IEnumerable<double> observed)
        {
            var points = observed.ToArray();
            var forest = RandomForest.Fit([.. points.Select(x => new[] { x })], [.. points.Select(x => Math.Sin(6 * x))], trees: 50, Settings(), bootstrap: true, new Random(4));
            return forest.Predict([held]).Variance;
        }

        var before = Variance(xs);
        var after = Variance(xs.Append(held));
        Assert.True(after < before / 2, $"variance at {held}: {before:G3} unobserved, {after:G3} observed");
    }

    [Fact]
    public void WithoutBootstrapEveryTreeFitsTheDataExactlyAndTheVarianceVanishesThere()
    {
        double[][] rows = [[0.1], [0.4], [0.7], [0.9]];
        double[] values = [3, -1, 2, 5];
        var forest = RandomForest.Fit(rows, values, trees: 5, Settings(), bootstrap: false, new Random(1));

        for (var i = 0; i < rows.Length; i++)
            Assert.Equal((values[i], 0.0), forest.Predict(rows[i]));
    }

    [Fact]
    public void TheVarianceAddsTheLeavesOwnVarianceToTheSpreadOfTheTrees()
    {
        // Depth 0 trees predict the mean of all values with their variance: every tree agrees, so all the variance is within the leaf.
        double[][] rows = [[0], [1], [2], [3]];
        double[] values = [1, 2, 3, 4];
        var forest = RandomForest.Fit(rows, values, trees: 3, Settings(maxDepth: 0), bootstrap: false, new Random(1));

        Assert.Equal((2.5, 1.25), forest.Predict([1.5]));
    }

    [Fact]
    public void ACategoricalColumnIsSplitIntoSetsOfChoicesInOneStep()
    {
        // Choices 0 and 2 are good, 1 and 3 bad: no threshold on the index separates them, one set split does.
        double[][] rows = [[0], [1], [2], [3], [0], [1], [2], [3]];
        double[] values = [0, 10, 0.5, 9, 0.2, 11, 0.4, 10];
        var tree = RegressionTree.Fit(rows, values, [.. Enumerable.Range(0, 8)], Settings(maxDepth: 1, categorical: [true]), new Random(1));

        var good = (0 + 0.5 + 0.2 + 0.4) / 4;
        var bad = (10 + 9 + 11 + 10) / 4.0;
        Assert.Equal(good, tree.Predict([0]).Mean, 12);
        Assert.Equal(good, tree.Predict([2]).Mean, 12);
        Assert.Equal(bad, tree.Predict([1]).Mean, 12);
        Assert.Equal(bad, tree.Predict([3]).Mean, 12);

        var numeric = RegressionTree.Fit(rows, values, [.. Enumerable.Range(0, 8)], Settings(maxDepth: 1), new Random(1));
        Assert.NotEqual(numeric.Predict([0]).Mean, numeric.Predict([2]).Mean);
    }

    [Fact]
    public void NodesWithFewerSamplesThanMinSamplesSplitStayLeaves()
    {
        double[][] rows = [[0], [1], [2], [3]];
        double[] values = [0, 0, 10, 10];
        var shallow = RegressionTree.Fit(rows, values, [0, 1, 2, 3], new RegressionTree.TreeSettings(10, 1, MinSamplesSplit: 5, 1), new Random(1));
        var split = RegressionTree.Fit(rows, values, [0, 1, 2, 3], new RegressionTree.TreeSettings(10, 1, MinSamplesSplit: 4, 1), new Random(1));

        Assert.Equal(5, shallow.Predict([0]).Mean);
        Assert.Equal(0, split.Predict([0]).Mean);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TwoValuesOneUlpApartAreSplitBetweenThemNotIntoAnEmptySide(bool randomThresholds)
    {
        // The midpoint of 1 and the next double rounds to 1 (to even): a threshold there sent both rows right and
        // grew a leaf from no sample. The GP's proposals at a bound differ by such a last bit after the log round trip.
        double[][] rows = [[1.0], [Math.BitIncrement(1.0)]];
        double[] values = [0, 10];
        var settings = new RegressionTree.TreeSettings(MaxDepth: 1, MinSamplesLeaf: 1, MinSamplesSplit: 2, MaxFeatures: 1, RandomThresholds: randomThresholds);

        var tree = RegressionTree.Fit(rows, values, [0, 1], settings, new Random(1));

        Assert.Equal(0, tree.Predict([1.0]).Mean);
        Assert.Equal(10, tree.Predict([Math.BitIncrement(1.0)]).Mean);
    }
}
