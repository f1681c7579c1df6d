using MetaOpt.Samplers.Gp;

namespace MetaOpt.Tests.Gp;

public class GaussianProcessTests
{
    private static readonly double[][] Points = [[0.1], [0.4], [0.7], [0.9]];
    private static readonly double[] Values = [0.5, -1.0, 1.5, 0.2];

    private static GaussianProcess NoiseFree() =>
        new(Points, Values, new KernelParameters([10.0], 1.0, 1e-10), [false]);

    [Fact]
    public void PosteriorInterpolatesNoiseFreeObservations()
    {
        var gp = NoiseFree();
        for (var i = 0; i < Points.Length; i++)
            Assert.Equal(Values[i], gp.Predict(Points[i]).Mean, 1e-6);
    }

    [Fact]
    public void VarianceShrinksAtObservationsAndGrowsAwayFromThem()
    {
        var gp = NoiseFree();
        foreach (var p in Points)
            Assert.True(gp.Predict(p).Variance < 1e-6, $"variance at observation {p[0]} is {gp.Predict(p).Variance}");
        var between = gp.Predict([0.55]).Variance;
        var near = gp.Predict([0.42]).Variance;
        Assert.InRange(near, 1e-8, between);
        // Far from all data the posterior returns to the prior variance (the signal variance, 1).
        var far = new GaussianProcess([[0.0]], [0.0], new KernelParameters([1e3], 1.0, 1e-10), [false]);
        Assert.Equal(1.0, far.Predict([1.0]).Variance, 1e-6);
    }

    [Fact]
    public void GradientsMatchFiniteDifferences()
    {
        var gp = new GaussianProcess(
            [[0.1, 0.2, 0], [0.5, 0.9, 1], [0.8, 0.4, 2], [0.3, 0.6, 1]], [1.0, -0.5, 0.3, 0.0],
            new KernelParameters([4.0, 2.0, 1.0], 1.3, 1e-4), [false, false, true]);
        double[] x = [0.45, 0.35, 1];
        var meanGradient = new double[3];
        var varianceGradient = new double[3];
        gp.Predict(x, meanGradient, varianceGradient);
        const double h = 1e-6;
        for (var j = 0; j < 2; j++)
        {
            var up = (double[])x.Clone();
            var down = (double[])x.Clone();
            up[j] += h;
            down[j] -= h;
            var (mu, vu) = gp.Predict(up);
            var (md, vd) = gp.Predict(down);
            Assert.Equal((mu - md) / (2 * h), meanGradient[j], 1e-5);
            Assert.Equal((vu - vd) / (2 * h), varianceGradient[j], 1e-5);
        }
        Assert.Equal(0, meanGradient[2]);
        Assert.Equal(0, varianceGradient[2]);
    }

    [Fact]
    public void RepeatedPointsAreFactorisedWithJitter()
    {
        var gp = new GaussianProcess([[0.5], [0.5], [0.2]], [1.0, 1.0, 0.0], new KernelParameters([5.0], 1.0, 0), [false]);
        Assert.Equal(1.0, gp.Predict([0.5]).Mean, 1e-4);
    }

    [Fact]
    public void CategoricalCoordinatesAreComparedByEqualityOnly()
    {
        double[] lambda = [1.0];
        bool[] categorical = [true];
        Assert.Equal(0, Matern52Kernel.ScaledSquaredDistance([2.0], [2.0], lambda, categorical));
        // Choice 0 is as far from choice 1 as from choice 2: indices carry no order.
        Assert.Equal(
            Matern52Kernel.ScaledSquaredDistance([0.0], [1.0], lambda, categorical),
            Matern52Kernel.ScaledSquaredDistance([0.0], [2.0], lambda, categorical));
    }
}
