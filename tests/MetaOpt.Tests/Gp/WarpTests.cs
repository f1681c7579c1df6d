namespace MetaOpt.Tests.Gp;

public class WarpTests
{
    [Fact]
    public void WarpKeepsTheOrderAndCompressesTheBadTail()
    {
        double[] values = [3, 1, 2, 1000, 5];
        var warped = GpSampler.Warp(values);
        // Offset = median gap from the minimum = 2: log(v − 1 + 2).
        Assert.Equal(Math.Log(4), warped[0], 12);
        Assert.Equal(Math.Log(2), warped[1], 12);
        Assert.Equal(values.Order().Select(v => Array.IndexOf(values, v)), warped.Order().Select(w => Array.IndexOf(warped, w)));
        // The outlier's distance from the next value, 249 times the spread of the rest before, is under 5 times it after.
        Assert.InRange((warped[3] - warped[4]) / (warped[4] - warped[1]), 1, 5);
    }

    [Fact]
    public void WarpLeavesConstantValuesAlone()
    {
        Assert.Equal([2.0, 2.0, 2.0], GpSampler.Warp([2.0, 2.0, 2.0]));
    }
}
