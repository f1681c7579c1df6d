using MetaOpt.Samplers.Tpe;

namespace MetaOpt.Tests.Samplers;

public class ParzenEstimatorTests
{
    private static readonly ParzenEstimatorSettings Univariate = new(ConsiderPrior: true, PriorWeight: 1, ConsiderMagicClip: true, ConsiderEndpoints: false, Multivariate: false);

    private static ParzenEstimator Fit(Distribution distribution, params double[] observations) =>
        new([distribution], [observations], Enumerable.Repeat(1.0, observations.Length).ToList(), Univariate);

    [Fact]
    public void UnivariateBandwidthsAreTheLargerNeighbourGapInnerGapAtTheEndsPriorSpansTheRange()
    {
        // Sorted with the prior mean 2.5: -3, 1, 2.5(prior), 2.5, 7, 9 on [-5, 10]; the same widths as Optuna's estimator.
        var estimator = Fit(new FloatDistribution(-5, 10), 1.0, -3.0, 2.5, 9.0, 7.0);
        var sigmas = ((NumericParzenDimension)estimator.Dimension(0)).Sigmas;
        Assert.Equal([4.0, 4.0, 15.0 / 7, 15.0 / 7, 4.5, 15.0], sigmas, new Tolerance(1e-12));
    }

    [Fact]
    public void MagicClipKeepsKernelsAtLeastRangeOverKernelsPlusOneWide()
    {
        var estimator = Fit(new FloatDistribution(0, 1), 0.50, 0.501, 0.502);
        var sigmas = ((NumericParzenDimension)estimator.Dimension(0)).Sigmas;
        Assert.All(sigmas.Take(3), s => Assert.Equal(1.0 / 5, s, 12));
    }

    [Fact]
    public void MultivariateBandwidthIsScottsRuleInDPlus4Dimensions()
    {
        var settings = Univariate with { Multivariate = true };
        double[][] columns = [[.. Enumerable.Range(0, 16).Select(i => i / 16.0)], [.. Enumerable.Range(0, 16).Select(i => 1 - i / 16.0)]];
        var estimator = new ParzenEstimator([new FloatDistribution(0, 1), new FloatDistribution(0, 1)], columns, Enumerable.Repeat(1.0, 16).ToList(), settings);
        var sigmas = ((NumericParzenDimension)estimator.Dimension(0)).Sigmas;
        Assert.All(sigmas.Take(16), s => Assert.Equal(0.2 * Math.Pow(16, -1.0 / 6), s, 12));
        Assert.Equal(1.0, sigmas[^1], 12);
    }

    [Fact]
    public void ContinuousDensityIntegratesToOne()
    {
        // Optuna before 3.5 dropped the 1/sigma of each kernel (optuna#5109); the mixture must be a density.
        var estimator = Fit(new FloatDistribution(-5, 10), 1.0, -3.0, 2.5, 9.0, 7.0, 7.2);
        const int cells = 20000;
        var integral = Enumerable.Range(0, cells).Sum(i => Math.Exp(estimator.LogDensity([-5 + 15 * (i + 0.5) / cells]))) * 15 / cells;
        Assert.Equal(1.0, integral, 4);
    }

    [Fact]
    public void LogDensityIsTheDensityInLogSpaceForLogParameters()
    {
        var estimator = Fit(new FloatDistribution(1e-4, 1, log: true), 1e-3, 1e-2);
        const int cells = 20000;
        double low = Math.Log(1e-4), high = 0;
        var integral = Enumerable.Range(0, cells).Sum(i => Math.Exp(estimator.LogDensity([Math.Exp(low + (high - low) * (i + 0.5) / cells)]))) * (high - low) / cells;
        Assert.Equal(1.0, integral, 4);
    }

    [Fact]
    public void DiscreteProbabilitiesSumToOneAndEndsOwnAFullCell()
    {
        var distribution = new IntDistribution(16, 256, step: 16);
        var estimator = Fit(distribution, 16, 32, 96);
        var probabilities = Enumerable.Range(0, 16).Select(k => Math.Exp(estimator.LogDensity([16.0 + 16 * k]))).ToArray();
        Assert.Equal(1.0, probabilities.Sum(), 10);
        Assert.True(probabilities[0] > probabilities[15]);
    }

    [Fact]
    public void CategoricalKernelsSmoothEachObservationByPriorWeightOverKernels()
    {
        // Two observations of choice 0 among 3 choices: each kernel has 1/3 on every choice plus 1 on choice 0
        // (normalised by 2), the prior is uniform; weights 1/3 each.
        var estimator = Fit(new CategoricalDistribution(["a", "b", "c"]), 0, 0);
        var expected = new[] { 2.0 / 3 * (4.0 / 3 / 2) + 1.0 / 9, 2.0 / 3 * (1.0 / 3 / 2) + 1.0 / 9, 2.0 / 3 * (1.0 / 3 / 2) + 1.0 / 9 };
        for (var c = 0; c < 3; c++)
            Assert.Equal(expected[c], Math.Exp(estimator.LogDensity([c])), 12);
    }

    [Fact]
    public void DrawsFollowTheMixture()
    {
        var estimator = Fit(new FloatDistribution(0, 10), 2.0, 2.5);
        var random = new Random(1);
        var draws = Enumerable.Range(0, 20000).Select(_ => estimator.Sample(random)[0]).ToArray();
        Assert.All(draws, x => Assert.InRange(x, 0, 10));
        // Mass below 4 by the mixture's own density, against the empirical fraction.
        var expected = Enumerable.Range(0, 4000).Sum(i => Math.Exp(estimator.LogDensity([4.0 * (i + 0.5) / 4000]))) * 4.0 / 4000;
        Assert.InRange(draws.Count(x => x < 4) / 20000.0, expected - 0.012, expected + 0.012); // ±3.5 standard errors
    }

    [Fact]
    public void JointLogDensityIsTheLogOfTheWeightedSumOfKernelProducts()
    {
        // Two parameters, six observations and the prior: seven components, not a whole number of vector widths.
        double[][] columns = [[0.1, 0.35, 0.5, 0.52, 0.8, 0.95], [2.0, -1.0, 0.5, 3.5, -3.0, 1.0]];
        double[] weights = [0.2, 0.5, 1, 1, 0.7, 1];
        var distributions = new Distribution[] { new FloatDistribution(0, 1), new FloatDistribution(-4, 4) };
        var estimator = new ParzenEstimator(distributions, columns, weights, Univariate);
        var total = weights.Sum() + 1;
        foreach (var x in new[] { new[] { 0.4, 0.0 }, [0.99, -3.9], [0.0, 4.0] })
        {
            var sum = 0.0;
            for (var k = 0; k < 7; k++)
            {
                var density = (k < 6 ? weights[k] : 1) / total;
                for (var d = 0; d < 2; d++)
                {
                    var (low, high) = d == 0 ? (0.0, 1.0) : (-4.0, 4.0);
                    var mu = k < 6 ? columns[d][k] : (low + high) / 2;
                    var sigma = ((NumericParzenDimension)estimator.Dimension(d)).Sigmas[k];
                    var mass = Phi((high - mu) / sigma) - Phi((low - mu) / sigma);
                    density *= Math.Exp(-0.5 * Math.Pow((x[d] - mu) / sigma, 2)) / (sigma * Math.Sqrt(2 * Math.PI) * mass);
                }
                sum += density;
            }
            Assert.Equal(Math.Log(sum), estimator.LogDensity(x), 12);
        }
    }

    private static double Phi(double z) => 0.5 * MathNet.Numerics.SpecialFunctions.Erfc(-z / Math.Sqrt(2));

    [Fact]
    public void WholeMassShortCutGivesWhatTheErfcFormulaGives()
    {
        foreach (var (lower, upper) in new[] { (-9.0, 9.0), (-12.5, 9.0), (-9.0, 40.0) })
            Assert.Equal(Math.Log(Phi(upper) - Phi(lower)), TruncatedNormal.LogCdfDifference(lower, upper));
        Assert.Equal(0.0, TruncatedNormal.LogCdfDifference(-9, 9));
    }

    [Fact]
    public void FarTailsGiveFiniteLogDensities()
    {
        Assert.True(double.IsFinite(TruncatedNormal.LogCdf(-45)));
        Assert.Equal(Math.Log(0.5 * MathNet.Numerics.SpecialFunctions.Erfc(20 / Math.Sqrt(2))), TruncatedNormal.LogCdf(-20), 9);
        Assert.Equal(TruncatedNormal.LogCdfDifference(-31, -30), TruncatedNormal.LogCdfDifference(30, 31), 12);
        Assert.True(double.IsFinite(TruncatedNormal.LogCdfDifference(40, 41)));
    }

    private sealed class Tolerance(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
