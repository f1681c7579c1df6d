using MathNet.Numerics.LinearAlgebra.Double;
using MetaOpt.Samplers.Gp;
using MetaOpt.Samplers.Qmc;

namespace MetaOpt.Tests.Gp;

public class KernelFitterTests
{
    /// <summary>A draw from a GP prior with known hyperparameters at quasi-random points of [0, 1]².</summary>
    private static (List<double[]> X, double[] Y) SampleFromPrior(KernelParameters truth, int n, int seed)
    {
        var halton = new ScrambledHalton(seed);
        var x = Enumerable.Range(0, n).Select(i => { var p = new double[2]; halton.Point(i, p); return p; }).ToList();
        var k = DenseMatrix.Create(n, n, (a, b) => truth.SignalVariance * Matern52Kernel.Correlation(
            Matern52Kernel.ScaledSquaredDistance(x[a], x[b], truth.InverseSquaredLengthScales, [false, false])) + (a == b ? truth.NoiseVariance : 0));
        var random = new Random(seed);
        var z = DenseVector.Create(n, _ => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        var y = (k.Cholesky().Factor * z).ToArray();
        return (x, y);
    }

    [Fact]
    public void FitRecoversAKnownLengthScale()
    {
        // Length scale 0.2 along the first coordinate, 3 (nearly irrelevant) along the second.
        var truth = new KernelParameters([1 / (0.2 * 0.2), 1 / (3.0 * 3.0)], 1.0, 1e-4);
        var (x, y) = SampleFromPrior(truth, 80, seed: 5);
        var fitted = KernelFitter.Fit(x, y, [false, false],
            [KernelParameters.Default(2), .. KernelFitter.RandomStarts(2, 2, new Random(1))], 80);
        Assert.InRange(fitted.LengthScales[0], 0.2 / 1.5, 0.2 * 1.5);
        Assert.True(fitted.LengthScales[1] > 4 * fitted.LengthScales[0], $"length scales {string.Join(", ", fitted.LengthScales)}");
        // The optimiser's answer beats the truth on the objective it maximises.
        Assert.True(KernelFitter.LogPosterior(x, y, [false, false], fitted) >= KernelFitter.LogPosterior(x, y, [false, false], truth) - 1e-6);
    }
}
