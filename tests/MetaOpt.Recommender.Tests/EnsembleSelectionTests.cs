namespace MetaOpt.Recommender.Tests;

/// <summary>Caruana's ensemble selection (<see cref="EnsembleSelection"/>) on hand-made predictions.</summary>
public sealed class EnsembleSelectionTests
{
    // Against a truth of zeros: A is off by +1 (MAE 1), B by −2 (MAE 2), C by ±3 (MAE 3).
    private static readonly double[] Truth = [0, 0];
    private static readonly double[][] Library = [[1, 1], [-2, -2], [3, -3]];

    [Fact]
    public void GreedyForwardSelectionWithReplacementOnAHandMadeCase()
    {
        // Round 1: A alone (1). Round 2: A + B averages −0.5 (0.5), better than A + A (1) or A + C (1.5).
        // Round 3: A + B + A averages 0 (0). Round 4: the best addition, A, averages 0.25 (0.25): worse, so the
        // ensemble stays the one of round 3, A twice and B once.
        var result = EnsembleSelection.Select(Library, Truth, rounds: 4);

        Assert.Equal([1.0, 0.5, 0.0, 0.25], result.Trajectory);
        Assert.Equal([2, 1, 0], result.Counts);
        Assert.Equal(0.0, result.Loss);
        Assert.Equal([2 / 3.0, 1 / 3.0, 0.0], result.Weights);
        // Applied to other data with the same weights.
        Assert.Equal([2 / 3.0 * 4 + 1 / 3.0 * 1, 2 / 3.0 * 7 + 1 / 3.0 * -2], result.Combine([[4, 7], [1, -2], [100, 100]]), new ToleranceComparer(1e-12));
    }

    [Fact]
    public void TheEnsembleIsNeverWorseThanTheBestSingleModelAndTiesGoToTheEarlierModel()
    {
        // Two identical models: the first one wins each tie, and adding it again does not lower the loss, so the
        // ensemble stays the best model alone.
        var twins = EnsembleSelection.Select([[1, 2], [1, 2], [5, 5]], [1, 3], rounds: 3);
        Assert.Equal([0.5, 0.5, 0.5], twins.Trajectory);
        Assert.Equal([1, 0, 0], twins.Counts);
        Assert.Equal(0.5, twins.Loss);

        var single = EnsembleSelection.Select(Library, Truth, rounds: 1);
        Assert.Equal([1, 0, 0], single.Counts);
        Assert.Equal(1.0, single.Loss);
    }

    [Fact]
    public void ACustomLossIsMinimisedAndANaNLossNeverWins()
    {
        // Squared error of the first value only: C (3) loses to A (1) and B (4 after squaring), then A + B gives 0.25.
        var result = EnsembleSelection.Select(Library, 2, p => p[0] * p[0]);
        Assert.Equal([1.0, 0.25], result.Trajectory);

        var nan = EnsembleSelection.Select(Library, 1, p => p[0] > 0 && p[0] < 2 ? double.NaN : Math.Abs(p[0]));
        Assert.Equal([0, 1, 0], nan.Counts);
    }

    [Fact]
    public void BadInputIsRefusedWithWhatIsWrong()
    {
        Assert.Throws<ArgumentException>(() => EnsembleSelection.Select([], Truth, 3));
        Assert.Throws<ArgumentException>(() => EnsembleSelection.Select([[1, 2], [1]], Truth, 3));
        Assert.Throws<ArgumentException>(() => EnsembleSelection.Select(Library, [0, 0, 0], 3));
        Assert.Throws<ArgumentException>(() => EnsembleSelection.Select(Library, Truth, 0));
        Assert.Throws<ArgumentException>(() => EnsembleSelection.Select(Library, Truth, 2).Combine([[1, 2]]));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
