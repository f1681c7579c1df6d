using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using MathNet.Numerics.Optimization;

namespace MetaOpt.Samplers.Gp;

/// <summary>Fits the kernel hyperparameters by maximising the log marginal likelihood plus weak log priors.</summary>
/// <remarks>
/// Priors (in the spirit of Optuna's GPSampler): −0.1(λ + 1/λ) on each inverse squared length scale (favours length
/// scales near the cube's width, keeps irrelevant dimensions from collapsing to zero), Gamma(2, 1) on the signal
/// variance, Gamma(1.1, 30) on the noise variance (small noise unless the data insist). The gradient is exact:
/// ½ tr((ααᵀ − K⁻¹) ∂K/∂θ), with θ the logs of the hyperparameters, minimised by MathNet's bounded BFGS (L-BFGS-B
/// family) from each start point; the best end point wins.
/// </remarks>
internal static class KernelFitter
{
    // Low enough for deterministic objectives to be resolved near their optimum: at 1e-6 the GP could not tell apart
    // values 1e-5 apart there and stalled at that regret on Hartmann-3 and Branin. The jitter in
    // GaussianProcess.FactorWithJitter keeps the factorisation stable when points cluster.
    private const double MinNoise = 1e-10;

    /// <summary>Bounds on log λ, log signal and log noise.</summary>
    private static readonly (double Low, double High) LogLambdaBounds = (Math.Log(1e-4), Math.Log(1e4));
    private static readonly (double Low, double High) LogSignalBounds = (Math.Log(1e-2), Math.Log(1e2));
    private static readonly (double Low, double High) LogNoiseBounds = (Math.Log(MinNoise), Math.Log(1.0));

    /// <summary>Random start points for a full fit: length scales log-uniform over a wide range.</summary>
    public static IEnumerable<KernelParameters> RandomStarts(int dimensions, int count, Random random) =>
        Enumerable.Range(0, count).Select(_ => new KernelParameters(
            Enumerable.Range(0, dimensions).Select(_ => Math.Exp(Math.Log(0.1) + random.NextDouble() * Math.Log(1000))).ToArray(),
            Math.Exp(random.NextDouble() * 2 - 1), Math.Exp(Math.Log(1e-4) + random.NextDouble() * Math.Log(100))));

    /// <summary>The best hyperparameters found from the given start points.</summary>
    public static KernelParameters Fit(
        IReadOnlyList<double[]> x, double[] y, bool[] categorical, IEnumerable<KernelParameters> starts, int maxIterations)
    {
        var problem = new Problem(x, y, categorical);
        var d = categorical.Length;
        var lower = DenseVector.Create(d + 2, i => i < d ? LogLambdaBounds.Low : i == d ? LogSignalBounds.Low : LogNoiseBounds.Low);
        var upper = DenseVector.Create(d + 2, i => i < d ? LogLambdaBounds.High : i == d ? LogSignalBounds.High : LogNoiseBounds.High);
        double[]? best = null;
        var bestValue = double.PositiveInfinity;
        foreach (var start in starts)
        {
            var initial = DenseVector.OfArray(start.ToLog());
            for (var i = 0; i < initial.Count; i++)
                initial[i] = Math.Clamp(initial[i], lower[i], upper[i]);
            var tracked = new TrackedObjective(problem.NegativeLogPosterior);
            try
            {
                new BfgsBMinimizer(1e-5, 1e-6, 1e-7, maxIterations).FindMinimum(ObjectiveFunction.Gradient(tracked.Evaluate), lower, upper, initial);
            }
            catch (Exception e) when (e is MaximumIterationsException or OptimizationException or ArgumentException)
            {
                // Not converged, or a line search stalled: the best point evaluated so far is still a good fit.
            }
            if (tracked.BestValue < bestValue)
                (best, bestValue) = (tracked.BestPoint, tracked.BestValue);
        }
        return best is null ? KernelParameters.Default(d) : KernelParameters.FromLog(best);
    }

    /// <summary>Log marginal likelihood plus log prior of hyperparameters; used by tests and diagnostics.</summary>
    public static double LogPosterior(IReadOnlyList<double[]> x, double[] y, bool[] categorical, KernelParameters parameters) =>
        -new Problem(x, y, categorical).NegativeLogPosterior(DenseVector.OfArray(parameters.ToLog())).Value;

    /// <summary>Remembers the best point an optimiser evaluated, so a run that stops abnormally is not wasted.</summary>
    private sealed class TrackedObjective(Func<Vector<double>, (double Value, Vector<double> Gradient)> function)
    {
        public double BestValue { get; private set; } = double.PositiveInfinity;

        public double[]? BestPoint { get; private set; }

        public (double, Vector<double>) Evaluate(Vector<double> point)
        {
            var (value, gradient) = function(point);
            if (value < BestValue)
                (BestValue, BestPoint) = (value, point.ToArray());
            return (value, gradient);
        }
    }

    /// <summary>The data of one fit, with the per-dimension squared differences computed once.</summary>
    private sealed class Problem
    {
        private readonly int _n;
        private readonly double[][] _squaredDifferences;
        private readonly Vector<double> _y;

        public Problem(IReadOnlyList<double[]> x, double[] y, bool[] categorical)
        {
            _n = x.Count;
            _y = DenseVector.OfArray(y);
            _squaredDifferences = new double[categorical.Length][];
            for (var j = 0; j < categorical.Length; j++)
            {
                var dj = new double[_n * _n];
                for (var a = 0; a < _n; a++)
                    for (var b = 0; b < a; b++)
                        dj[a * _n + b] = dj[b * _n + a] = Matern52Kernel.SquaredDifference(x[a][j], x[b][j], categorical[j]);
                _squaredDifferences[j] = dj;
            }
        }

        public (double Value, Vector<double> Gradient) NegativeLogPosterior(Vector<double> logTheta)
        {
            var d = _squaredDifferences.Length;
            var lambda = new double[d];
            for (var j = 0; j < d; j++)
                lambda[j] = Math.Exp(logTheta[j]);
            var signal = Math.Exp(logTheta[d]);
            var noise = Math.Exp(logTheta[d + 1]);

            var nn = _n * _n;
            var r2 = new double[nn];
            for (var j = 0; j < d; j++)
            {
                var dj = _squaredDifferences[j];
                var lj = lambda[j];
                for (var i = 0; i < nn; i++)
                    r2[i] += lj * dj[i];
            }
            var correlation = new double[nn];
            var k = DenseMatrix.Create(_n, _n, 0.0);
            var kv = k.Values;
            for (var i = 0; i < nn; i++)
            {
                correlation[i] = Matern52Kernel.Correlation(r2[i]);
                kv[i] = signal * correlation[i];
            }
            for (var a = 0; a < _n; a++)
                kv[a * _n + a] += noise;

            var cholesky = GaussianProcess.FactorWithJitter(k);
            var alpha = cholesky.Solve(_y);
            var inverse = (DenseMatrix)cholesky.Solve(DenseMatrix.CreateIdentity(_n));
            var logDet = 0.0;
            for (var a = 0; a < _n; a++)
                logDet += Math.Log(cholesky.Factor[a, a]);
            var logLikelihood = -0.5 * _y.DotProduct(alpha) - logDet - 0.5 * _n * Math.Log(2 * Math.PI);

            // W = ααᵀ − K⁻¹ (symmetric, so storage order does not matter).
            var w = inverse.Values;
            var av = alpha.ToArray();
            for (var a = 0; a < _n; a++)
                for (var b = 0; b < _n; b++)
                    w[a * _n + b] = av[a] * av[b] - w[a * _n + b];

            var gradient = new double[d + 2];
            var weightedDerivative = new double[nn];
            for (var i = 0; i < nn; i++)
                weightedDerivative[i] = w[i] * signal * Matern52Kernel.DerivativeBySquaredDistance(r2[i]);
            for (var j = 0; j < d; j++)
            {
                var dj = _squaredDifferences[j];
                var sum = 0.0;
                for (var i = 0; i < nn; i++)
                    sum += weightedDerivative[i] * dj[i];
                gradient[j] = 0.5 * sum * lambda[j];
            }
            var signalSum = 0.0;
            for (var i = 0; i < nn; i++)
                signalSum += w[i] * correlation[i];
            gradient[d] = 0.5 * signalSum * signal;
            var trace = 0.0;
            for (var a = 0; a < _n; a++)
                trace += w[a * _n + a];
            gradient[d + 1] = 0.5 * trace * noise;

            // Log priors and their derivatives with respect to the logs.
            var logPrior = 0.0;
            for (var j = 0; j < d; j++)
            {
                logPrior += -0.1 / lambda[j] - 0.1 * lambda[j];
                gradient[j] += 0.1 / lambda[j] - 0.1 * lambda[j];
            }
            logPrior += Math.Log(signal) - signal;
            gradient[d] += 1 - signal;
            logPrior += 0.1 * Math.Log(noise) - 30 * noise;
            gradient[d + 1] += 0.1 - 30 * noise;

            var value = -(logLikelihood + logPrior);
            for (var i = 0; i < gradient.Length; i++)
                gradient[i] = -gradient[i];
            return double.IsFinite(value) ? (value, DenseVector.OfArray(gradient)) : (1e300, DenseVector.Create(d + 2, 0.0));
        }
    }
}
