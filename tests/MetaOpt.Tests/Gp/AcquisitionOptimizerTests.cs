using MetaOpt.Samplers.Gp;

namespace MetaOpt.Tests.Gp;

public class AcquisitionOptimizerTests
{
    // Lowest on branch 0; on branch 1, lowest at depth 0.9. Certain everywhere, so EI follows the mean.
    private sealed class TwoBranches : ISurrogate
    {
        public (double Mean, double Variance) Predict(ReadOnlySpan<double> x) => ((x[0] == 0 ? 0 : 1) + Math.Pow(x[1] - 0.9, 2), 1e-4);

        public (double Mean, double Variance) Predict(ReadOnlySpan<double> x, Span<double> meanGradient, Span<double> varianceGradient)
        {
            meanGradient.Clear();
            varianceGradient.Clear();
            meanGradient[1] = 2 * (x[1] - 0.9);
            return Predict(x);
        }
    }

    private static readonly UnitCubeSpace Space = new(new Dictionary<string, Distribution>
    {
        ["branch"] = new CategoricalDistribution(["left", "right"]),
        ["depth"] = new FloatDistribution(0, 1),
    });

    [Fact]
    public void WithoutFixedCoordinatesTheBestBranchWins()
    {
        var point = new AcquisitionOptimizer(Space, 64, 3).Maximize(new TwoBranches(), 0.5, [], new Random(0));
        Assert.Equal(0, point[0]);
    }

    [Fact]
    public void AFixedCoordinateKeepsItsValueAndTheRestIsOptimisedAroundIt()
    {
        var point = new AcquisitionOptimizer(Space, 64, 3, fixedCoordinates: new Dictionary<int, double> { [0] = 1 })
            .Maximize(new TwoBranches(), 0.5, [[0, 0.2]], new Random(0));
        Assert.Equal(1, point[0]);
        Assert.InRange(point[1], 0.85, 0.95);
    }
}
