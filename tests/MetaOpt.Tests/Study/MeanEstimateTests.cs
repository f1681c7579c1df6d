namespace MetaOpt.Tests;

public class MeanEstimateTests
{
    // Hand-computed: mean, sample sd, and mean ± t(0.975, n-1)·sd/√n with t(0.975, 2) = 4.302653, t(0.975, 1) = 12.706205.
    [Theory]
    [InlineData(new[] { 1.0, 2.0, 3.0 }, 2.0, 1.0, -0.484138, 4.484138)]
    [InlineData(new[] { 10.0, 12.0 }, 11.0, 1.414214, -1.706205, 23.706205)]
    [InlineData(new[] { 0.5, 0.5, 0.5, 0.5 }, 0.5, 0.0, 0.5, 0.5)]
    public void TheIntervalIsTheMeanPlusOrMinusStudentsTTimesTheStandardError(double[] values, double mean, double sd, double low, double high)
    {
        var estimate = MeanEstimate.Of(values);

        Assert.Equal(values.Length, estimate.Count);
        Assert.Equal(mean, estimate.Mean, 9);
        Assert.Equal(sd, estimate.StandardDeviation!.Value, 6);
        Assert.Equal(low, estimate.Low!.Value, 6);
        Assert.Equal(high, estimate.High!.Value, 6);
    }

    [Fact]
    public void OneValueHasAMeanButNoSpreadAndNoInterval()
    {
        var estimate = MeanEstimate.Of([0.9]);

        Assert.Equal((0.9, null, null, null), (estimate.Mean, estimate.StandardDeviation, estimate.Low, estimate.High));
    }

    // Hand-computed Welch tests: t = Δ/√(va/na + vb/nb), Welch–Satterthwaite df, two-sided p.
    [Theory]
    [InlineData(new[] { 1.0, 2.0, 3.0 }, new[] { 4.0, 5.0, 6.0 }, 0.0213116, true)]    // t = 3.674, df = 4
    [InlineData(new[] { 1.0, 2.0, 3.0 }, new[] { 2.0, 3.0, 4.0 }, 0.2878641, false)]   // t = 1.225, df = 4
    [InlineData(new[] { 1.0, 2.0, 3.0, 4.0 }, new[] { 3.0, 5.0, 9.0 }, 0.2065673, false)] // t = 1.686, df = 2.541
    [InlineData(new[] { 1.0, 1.0 }, new[] { 2.0, 2.0 }, 0.0, true)]                     // no spread, different means
    [InlineData(new[] { 1.0, 1.0 }, new[] { 1.0, 1.0, 1.0 }, 1.0, false)]               // no spread, one mean
    public void WelchsTestTellsTwoMeansApartAtFivePercent(double[] a, double[] b, double p, bool apart)
    {
        var (x, y) = (MeanEstimate.Of(a), MeanEstimate.Of(b));

        Assert.Equal(p, MeanEstimate.WelchPValue(x, y)!.Value, 6);
        Assert.Equal(p, MeanEstimate.WelchPValue(y, x)!.Value, 6);
        Assert.Equal(apart, MeanEstimate.CanTellApart(x, y));
    }

    [Fact]
    public void ASingleDrawCannotBeToldApartFromAnything()
    {
        var single = MeanEstimate.Of([0.1]);
        var repeated = MeanEstimate.Of([5.0, 5.1, 4.9]);

        Assert.Null(MeanEstimate.WelchPValue(single, repeated));
        Assert.False(MeanEstimate.CanTellApart(single, repeated));
    }

    [Theory]
    [InlineData(new double[0], "at least one")]
    [InlineData(new[] { 1.0, double.NaN }, "NaN")]
    public void NoValuesOrANonFiniteOneAreRefused(double[] values, string message) =>
        Assert.Contains(message, Assert.Throws<ArgumentException>(() => MeanEstimate.Of(values)).Message);
}
