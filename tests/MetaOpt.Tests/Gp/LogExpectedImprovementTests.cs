using MetaOpt.Samplers.Gp;

namespace MetaOpt.Tests.Gp;

public class LogExpectedImprovementTests
{
    /// <summary>
    /// log EI by numeric integration: with f = best − σt, EI = σ∫₀^∞ t φ(z − t) dt = σ φ(z) ∫₀^∞ t e^{zt − t²/2} dt,
    /// the last integral by Simpson's rule (φ(z) factored out so far tails do not underflow).
    /// </summary>
    private static double NumericLogEi(double mean, double variance, double best)
    {
        var sigma = Math.Sqrt(variance);
        var z = (best - mean) / sigma;
        var end = Math.Max(z, 0) + 40;
        const int intervals = 400_000;
        var h = end / intervals;
        var sum = 0.0;
        for (var i = 0; i <= intervals; i++)
        {
            var t = i * h;
            var weight = i == 0 || i == intervals ? 1 : i % 2 == 1 ? 4 : 2;
            sum += weight * t * Math.Exp(z * t - 0.5 * t * t);
        }
        return Math.Log(sigma) - 0.5 * z * z - 0.5 * Math.Log(2 * Math.PI) + Math.Log(sum * h / 3);
    }

    [Theory]
    [InlineData(0.0, 1.0, 3.0)]
    [InlineData(0.0, 1.0, 0.0)]
    [InlineData(0.5, 0.25, 0.0)]
    [InlineData(0.0, 1.0, -2.0)]
    [InlineData(1.0, 0.04, -0.6)]
    [InlineData(0.0, 1.0, -30.0)]
    [InlineData(2.0, 4.0, -80.0)]
    public void ClosedFormMatchesNumericIntegration(double mean, double variance, double best)
    {
        var expected = NumericLogEi(mean, variance, best);
        Assert.Equal(expected, LogExpectedImprovement.Value(mean, variance, best), Math.Max(1e-7, 1e-9 * Math.Abs(expected)));
    }

    [Fact]
    public void FarBelowTheIncumbentStaysFiniteAndOrdered()
    {
        // Plain EI underflows to 0 here; log EI still prefers the point with more variance.
        var narrow = LogExpectedImprovement.Value(0, 1e-4, -5);
        var wide = LogExpectedImprovement.Value(0, 1e-2, -5);
        Assert.True(double.IsFinite(narrow) && double.IsFinite(wide));
        Assert.True(wide > narrow);
    }

    [Theory]
    [InlineData(0.0, 1.0, 0.5)]
    [InlineData(0.3, 0.2, -1.5)]
    [InlineData(0.0, 0.5, -6.0)]
    public void DerivativesMatchFiniteDifferences(double mean, double variance, double best)
    {
        var (_, byMean, byVariance) = LogExpectedImprovement.WithDerivatives(mean, variance, best);
        const double h = 1e-6;
        var dMean = (LogExpectedImprovement.Value(mean + h, variance, best) - LogExpectedImprovement.Value(mean - h, variance, best)) / (2 * h);
        var dVariance = (LogExpectedImprovement.Value(mean, variance + h, best) - LogExpectedImprovement.Value(mean, variance - h, best)) / (2 * h);
        Assert.Equal(dMean, byMean, 1e-5);
        Assert.Equal(dVariance, byVariance, 1e-5);
    }
}
