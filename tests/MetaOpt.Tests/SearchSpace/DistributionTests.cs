namespace MetaOpt.Tests;

public class DistributionTests
{
    [Theory]
    [InlineData(1.0, 0.0, false, null, "low must not exceed high, got low=1 > high=0")]
    [InlineData(0.0, 1.0, true, null, "a log-scaled range needs low > 0, got low=0")]
    [InlineData(0.0, 1.0, false, 0.3, "step=0.3 does not divide the range [0, 1]")]
    [InlineData(0.0, 1.0, false, -0.5, "step must be a positive number, got step=-0.5")]
    [InlineData(1e-3, 1.0, true, 0.1, "step and log cannot be used together")]
    [InlineData(double.NaN, 1.0, false, null, "bounds must be finite")]
    public void FloatDistributionBadBoundsSaysWhatIsWrong(double low, double high, bool log, double? step, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => new FloatDistribution(low, high, log, step));
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData(5, 1, false, 1, "low must not exceed high, got low=5 > high=1")]
    [InlineData(0, 10, true, 1, "a log-scaled range needs low >= 1, got low=0")]
    [InlineData(1, 10, true, 3, "needs step 1")]
    [InlineData(16, 250, false, 16, "step=16 does not divide the range [16, 250]")]
    [InlineData(1, 10, false, 0, "step must be at least 1")]
    public void IntDistributionBadBoundsSaysWhatIsWrong(int low, int high, bool log, int step, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => new IntDistribution(low, high, log, step));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void CategoricalDistributionEmptyRepeatedOrUnsupportedIsRejected()
    {
        Assert.Contains("must not be empty", Assert.Throws<ArgumentException>(() => new CategoricalDistribution([])).Message);
        Assert.Contains("'a' appears more than once",
            Assert.Throws<ArgumentException>(() => new CategoricalDistribution(["a", "b", "a"])).Message);
        Assert.Contains("is not allowed", Assert.Throws<ArgumentException>(() => new CategoricalDistribution([new object()])).Message);
    }

    [Fact]
    public void CategoricalDistributionMixedChoicesRoundTripThroughIndex()
    {
        var d = new CategoricalDistribution(["maml", 3, 0.5, true]);
        Assert.Equal(1, d.ToInternal(3L)); // a number read back as another numeric type still matches
        Assert.Equal(3, d.ToInternal(true));
        Assert.Equal("maml", d.ToExternal(0));
        Assert.Equal(0.5, d.ToExternal(2));
        Assert.Contains("'x' is not one of", Assert.Throws<ArgumentException>(() => d.ToInternal("x")).Message);
    }

    [Fact]
    public void DistributionsCompareByValue()
    {
        Assert.Equal(new FloatDistribution(1e-5, 1e-1, log: true), new FloatDistribution(1e-5, 1e-1, log: true));
        Assert.NotEqual<Distribution>(new FloatDistribution(0, 1), new FloatDistribution(0, 2));
        Assert.Equal(new IntDistribution(16, 256, step: 16), new IntDistribution(16, 256, step: 16));
        Assert.Equal(new CategoricalDistribution(["a", "b"]), new CategoricalDistribution(["a", "b"]));
        Assert.NotEqual(new CategoricalDistribution(["a", "b"]), new CategoricalDistribution(["b", "a"]));
    }

    [Fact]
    public void StepDistributionsContainOnlyGridPoints()
    {
        var f = new FloatDistribution(0, 1, step: 0.25);
        Assert.True(f.Contains(0.75));
        Assert.False(f.Contains(0.7));
        Assert.Equal(0.75, f.Snap(0.8));
        var i = new IntDistribution(16, 256, step: 16);
        Assert.True(i.Contains(96));
        Assert.False(i.Contains(100));
        Assert.Equal(96, i.Snap(100));
        Assert.Equal(256, i.Snap(1000));
    }
}
