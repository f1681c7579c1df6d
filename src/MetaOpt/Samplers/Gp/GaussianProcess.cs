using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace MetaOpt.Samplers.Gp;

/// <summary>A zero-mean GP posterior with a Matérn-5/2 ARD kernel, conditioned on standardised observations.</summary>
/// <remarks>
/// One Cholesky factorisation (with growing jitter if the kernel matrix is numerically singular, e.g. repeated
/// points) serves every prediction: mean kᵀα, latent variance s − |L⁻¹k|². The noise variance enters the kernel
/// matrix but not the predictive variance, since the acquisition asks about the latent function.
/// </remarks>
internal sealed class GaussianProcess : ISurrogate
{
    private readonly double[][] _x;
    private readonly double[] _alpha;
    private readonly double[] _lower;
    private readonly Cholesky<double> _cholesky;

    /// <param name="x">The observed points.</param>
    /// <param name="y">Their standardised values.</param>
    /// <param name="parameters">Kernel hyperparameters.</param>
    /// <param name="categorical">Which coordinates are categorical.</param>
    /// <param name="exactFrom">
    /// Points from this index on are taken as noise-free: the kriging believer's fantasies, which must pin the
    /// posterior down where a running trial already is even when the fitted noise is large.
    /// </param>
    public GaussianProcess(IReadOnlyList<double[]> x, double[] y, KernelParameters parameters, bool[] categorical, int exactFrom = int.MaxValue)
    {
        if (x.Count != y.Length || x.Count == 0)
            throw new ArgumentException($"need as many points as values, at least one (got {x.Count} points, {y.Length} values)");
        _x = x.ToArray();
        Parameters = parameters;
        Categorical = categorical;
        var n = _x.Length;
        var k = DenseMatrix.Create(n, n, 0.0);
        for (var a = 0; a < n; a++)
        {
            for (var b = 0; b <= a; b++)
            {
                var value = parameters.SignalVariance * Matern52Kernel.Correlation(
                    Matern52Kernel.ScaledSquaredDistance(_x[a], _x[b], parameters.InverseSquaredLengthScales, categorical));
                k[a, b] = value;
                k[b, a] = value;
            }
            k[a, a] += a < exactFrom ? parameters.NoiseVariance : 1e-6 * parameters.SignalVariance;
        }
        _cholesky = FactorWithJitter(k);
        _alpha = _cholesky.Solve(DenseVector.OfArray(y)).ToArray();
        var factor = _cholesky.Factor;
        _lower = new double[n * n];
        for (var a = 0; a < n; a++)
            for (var b = 0; b <= a; b++)
                _lower[a * n + b] = factor[a, b];
        var logDet = 0.0;
        for (var a = 0; a < n; a++)
            logDet += Math.Log(_lower[a * n + a]);
        LogMarginalLikelihood = -0.5 * y.Select((v, i) => v * _alpha[i]).Sum() - logDet - 0.5 * n * Math.Log(2 * Math.PI);
    }

    public KernelParameters Parameters { get; }

    public bool[] Categorical { get; }

    public IReadOnlyList<double[]> Points => _x;

    public int Count => _x.Length;

    public double LogMarginalLikelihood { get; }

    /// <summary>
    /// Factorises a symmetric positive (semi-)definite matrix, adding jitter to the diagonal (1e-10 of its mean, ten
    /// times more at each failure) until the factorisation succeeds.
    /// </summary>
    public static Cholesky<double> FactorWithJitter(Matrix<double> k)
    {
        var scale = k.Diagonal().Average();
        var jitter = 0.0;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var m = jitter == 0 ? k : k + DenseMatrix.CreateDiagonal(k.RowCount, k.RowCount, jitter);
                return m.Cholesky();
            }
            catch (ArgumentException) when (attempt < 12)
            {
                jitter = jitter == 0 ? 1e-10 * scale : jitter * 10;
            }
        }
    }

    /// <inheritdoc/>
    public (double Mean, double Variance) Predict(ReadOnlySpan<double> x) => Predict(x, [], []);

    /// <inheritdoc/>
    public (double Mean, double Variance) Predict(ReadOnlySpan<double> x, Span<double> meanGradient, Span<double> varianceGradient)
    {
        var n = _x.Length;
        var lambda = Parameters.InverseSquaredLengthScales;
        var signal = Parameters.SignalVariance;
        var kStar = new double[n];
        var r2 = new double[n];
        var mean = 0.0;
        for (var i = 0; i < n; i++)
        {
            r2[i] = Matern52Kernel.ScaledSquaredDistance(x, _x[i], lambda, Categorical);
            kStar[i] = signal * Matern52Kernel.Correlation(r2[i]);
            mean += kStar[i] * _alpha[i];
        }
        var v = ForwardSubstitute(kStar);
        var variance = Math.Max(signal - Dot(v, v), 1e-12 * signal);
        if (meanGradient.IsEmpty && varianceGradient.IsEmpty)
            return (mean, variance);

        // d mean/dx = Σ α_i dk_i/dx, d var/dx = −2 Σ w_i dk_i/dx with w = K⁻¹k = L⁻ᵀv.
        var w = BackSubstitute(v);
        meanGradient.Clear();
        varianceGradient.Clear();
        for (var i = 0; i < n; i++)
        {
            var dkDr2 = signal * Matern52Kernel.DerivativeBySquaredDistance(r2[i]);
            for (var j = 0; j < x.Length; j++)
            {
                if (Categorical[j])
                    continue;
                var dk = dkDr2 * 2 * lambda[j] * (x[j] - _x[i][j]);
                meanGradient[j] += _alpha[i] * dk;
                varianceGradient[j] -= 2 * w[i] * dk;
            }
        }
        return (mean, variance);
    }

    private double[] ForwardSubstitute(double[] b)
    {
        var n = b.Length;
        var v = new double[n];
        for (var i = 0; i < n; i++)
        {
            var row = _lower.AsSpan(i * n, i);
            var sum = b[i] - Dot(row, v.AsSpan(0, i));
            v[i] = sum / _lower[i * n + i];
        }
        return v;
    }

    private double[] BackSubstitute(double[] b)
    {
        var n = b.Length;
        var w = (double[])b.Clone();
        for (var i = n - 1; i >= 0; i--)
        {
            w[i] /= _lower[i * n + i];
            var wi = w[i];
            var row = _lower.AsSpan(i * n, i);
            for (var m = 0; m < i; m++)
                w[m] -= row[m] * wi;
        }
        return w;
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var width = System.Numerics.Vector<double>.Count;
        var acc = System.Numerics.Vector<double>.Zero;
        var i = 0;
        for (; i <= a.Length - width; i += width)
            acc += new System.Numerics.Vector<double>(a[i..]) * new System.Numerics.Vector<double>(b[i..]);
        var sum = System.Numerics.Vector.Sum(acc);
        for (; i < a.Length; i++)
            sum += a[i] * b[i];
        return sum;
    }
}
