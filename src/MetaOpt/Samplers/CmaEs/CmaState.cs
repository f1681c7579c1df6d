using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace MetaOpt.Samplers.CmaEs;

/// <summary>
/// One generation of CMA-ES over [0, 1]^n (Hansen, "The CMA Evolution Strategy: A Tutorial", 2016): the mean, the step
/// size, the covariance and the two evolution paths; <see cref="Tell"/> gives the next generation's state.
/// </summary>
/// <remarks>
/// <para>Positive recombination weights only (no active update); rank-one and rank-μ covariance updates; cumulative
/// step-size adaptation. Deterministic: the same candidates and values give the same next state, which is what lets
/// the sampler rebuild the state from stored trials instead of keeping it.</para>
/// <para>With the margin (Hamano et al., "CMA-ES with Margin", GECCO 2022) each sample is m + σ·A∘(C^½ z), A a
/// diagonal that starts at 1 and is only raised for discrete coordinates: after each update, for every discrete
/// coordinate, the probability that a sample leaves the grid cell holding the mean is kept at least α = 1/(nλ). Where
/// the cell has a neighbour on both sides, a side below α/2 is raised to α/2 and the mean and A_j are solved so that
/// the Gaussian gives exactly those two tails; where it has one (an end of the range), the mean is moved toward that
/// neighbour until it gets α.</para>
/// </remarks>
internal sealed class CmaState
{
    private const double TolFun = 1e-12;
    private const double TolX = 1e-12;
    private const double MaxCondition = 1e14;

    private readonly CmaSpace _space;
    private readonly double[] _weights;
    private readonly double _muEff, _cSigma, _dSigma, _cc, _c1, _cMu, _chiN;
    private readonly Matrix<double> _c;
    private readonly Matrix<double> _b;
    private readonly double[] _d;
    private readonly double[] _pSigma;
    private readonly double[] _pc;
    private readonly double[] _a;
    private readonly List<double> _bestHistory;

    private CmaState(CmaSpace space, int lambda, double[] mean, double sigma, Matrix<double> c, double[] pSigma, double[] pc, double[] a,
        int generation, int restart, int restartGeneration, List<double> bestHistory)
    {
        _space = space;
        var n = space.Dimensions;
        Lambda = lambda;
        var mu = lambda / 2;
        var raw = Enumerable.Range(1, mu).Select(i => Math.Log((lambda + 1) / 2.0) - Math.Log(i)).ToArray();
        _weights = raw.Select(w => w / raw.Sum()).ToArray();
        _muEff = 1 / _weights.Sum(w => w * w);
        _cSigma = (_muEff + 2) / (n + _muEff + 5);
        _dSigma = 1 + 2 * Math.Max(0, Math.Sqrt((_muEff - 1) / (n + 1)) - 1) + _cSigma;
        _cc = (4 + _muEff / n) / (n + 4 + 2 * _muEff / n);
        _c1 = 2 / ((n + 1.3) * (n + 1.3) + _muEff);
        _cMu = Math.Min(1 - _c1, 2 * (_muEff - 2 + 1 / _muEff) / ((n + 2) * (n + 2) + _muEff));
        _chiN = Math.Sqrt(n) * (1 - 1.0 / (4 * n) + 1.0 / (21 * n * n));
        Mean = mean;
        Sigma = sigma;
        _c = (c + c.Transpose()) / 2;
        var evd = _c.Evd(Symmetricity.Symmetric);
        _b = evd.EigenVectors;
        _d = evd.EigenValues.Select(e => Math.Sqrt(Math.Max(e.Real, 1e-300))).ToArray();
        _pSigma = pSigma;
        _pc = pc;
        _a = a;
        Generation = generation;
        Restart = restart;
        RestartGeneration = restartGeneration;
        _bestHistory = bestHistory;
    }

    /// <summary>The first state of a run (or of a restart): mean <paramref name="mean"/>, covariance σ²C.</summary>
    public static CmaState Initial(CmaSpace space, int lambda, double[] mean, double sigma, Matrix<double>? c = null, int generation = 0, int restart = 0)
    {
        var n = space.Dimensions;
        var state = new CmaState(space, lambda, (double[])mean.Clone(), sigma, c ?? Matrix<double>.Build.DenseIdentity(n),
            new double[n], new double[n], Enumerable.Repeat(1.0, n).ToArray(), generation, restart, 0, []);
        return space.WithMargin ? state.WithMargin() : state;
    }

    /// <summary>Candidates per generation.</summary>
    public int Lambda { get; }

    /// <summary>The generation's number, counted across restarts: the number trials store.</summary>
    public int Generation { get; }

    /// <summary>How many restarts came before this state's run.</summary>
    public int Restart { get; }

    /// <summary>Generations since the last (re)start.</summary>
    public int RestartGeneration { get; }

    /// <summary>The mean, in the unit cube.</summary>
    public double[] Mean { get; }

    /// <summary>The step size.</summary>
    public double Sigma { get; }

    /// <summary>The marginal standard deviation of coordinate <paramref name="j"/>.</summary>
    public double StdDev(int j) => Sigma * _a[j] * Math.Sqrt(_c[j, j]);

    /// <summary>A candidate inside the cube: drawn again while outside (up to 100 draws), then clipped.</summary>
    public double[] Sample(Random random)
    {
        var n = _space.Dimensions;
        var x = new double[n];
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var z = Vector<double>.Build.Dense(n, _ => Normal.Sample(random, 0, 1));
            var y = _b * (Vector<double>.Build.DenseOfArray(_d).PointwiseMultiply(z));
            for (var j = 0; j < n; j++)
                x[j] = Mean[j] + Sigma * _a[j] * y[j];
            if (x.All(v => v is >= 0 and <= 1))
                return x;
        }
        return x.Select(v => Math.Clamp(v, 0, 1)).ToArray();
    }

    /// <summary>
    /// The next generation from this one's λ evaluated candidates (values to minimise): a new run with
    /// <paramref name="restartLambda"/> candidates at <paramref name="restartMean"/> when this one has stagnated and
    /// <paramref name="restartLambda"/> is given (IPOP), else the updated distribution.
    /// </summary>
    public CmaState Tell(IReadOnlyList<(double[] X, double Value)> candidates, Func<int, double[]>? restartMean = null, Func<int, int>? restartLambda = null, double sigma0 = 0)
    {
        if (candidates.Count != Lambda)
            throw new ArgumentException($"a generation has {Lambda} candidates, not {candidates.Count}", nameof(candidates));
        var n = _space.Dimensions;
        var sorted = candidates.OrderBy(c => c.Value).ToList();
        // Steps in the unscaled distribution: y = (x − m) / (σ A).
        var ys = sorted.Take(_weights.Length).Select(c => Vector<double>.Build.Dense(n, j => (c.X[j] - Mean[j]) / (Sigma * _a[j]))).ToList();
        var yw = Vector<double>.Build.Dense(n);
        for (var i = 0; i < ys.Count; i++)
            yw += _weights[i] * ys[i];
        var mean = Enumerable.Range(0, n).Select(j => Mean[j] + Sigma * _a[j] * yw[j]).ToArray();

        var invSqrtC = _b * Matrix<double>.Build.DiagonalOfDiagonalArray(_d.Select(d => 1 / d).ToArray()) * _b.Transpose();
        var pSigma = Vector<double>.Build.DenseOfArray(_pSigma) * (1 - _cSigma) + invSqrtC * yw * Math.Sqrt(_cSigma * (2 - _cSigma) * _muEff);
        var g = RestartGeneration + 1;
        var hSigma = pSigma.L2Norm() / Math.Sqrt(1 - Math.Pow(1 - _cSigma, 2 * g)) < (1.4 + 2.0 / (n + 1)) * _chiN ? 1.0 : 0.0;
        var pc = Vector<double>.Build.DenseOfArray(_pc) * (1 - _cc) + yw * (hSigma * Math.Sqrt(_cc * (2 - _cc) * _muEff));
        var rankMu = Matrix<double>.Build.Dense(n, n);
        for (var i = 0; i < ys.Count; i++)
            rankMu += _weights[i] * ys[i].OuterProduct(ys[i]);
        var c = _c * (1 - _c1 - _cMu + (1 - hSigma) * _c1 * _cc * (2 - _cc)) + pc.OuterProduct(pc) * _c1 + rankMu * _cMu;
        var sigma = Sigma * Math.Exp(_cSigma / _dSigma * (pSigma.L2Norm() / _chiN - 1));

        var history = new List<double>(_bestHistory) { sorted[0].Value };
        var next = new CmaState(_space, Lambda, mean, sigma, c, pSigma.ToArray(), pc.ToArray(), (double[])_a.Clone(), Generation + 1, Restart, g, history);
        if (_space.WithMargin)
            next = next.WithMargin();
        if (restartLambda is not null && restartMean is not null && next.Stagnated(sorted.Select(s => s.Value).ToList(), sigma0))
            return Initial(_space, restartLambda(Restart + 1), restartMean(Restart + 1), sigma0, generation: Generation + 1, restart: Restart + 1);
        return next;
    }

    /// <summary>Hansen's stopping criteria for a restart: flat values, tiny steps, a degenerate covariance, or a step that moves nothing.</summary>
    private bool Stagnated(IReadOnlyList<double> values, double sigma0)
    {
        var n = _space.Dimensions;
        var window = 10 + (int)Math.Ceiling(30.0 * n / Lambda);
        if (_bestHistory.Count >= window)
        {
            var recent = _bestHistory.Skip(_bestHistory.Count - window).Concat(values).ToList();
            if (recent.Max() - recent.Min() < TolFun)
                return true;
        }
        if (Enumerable.Range(0, n).All(j => Sigma * _a[j] * Math.Max(Math.Abs(_pc[j]), Math.Sqrt(_c[j, j])) < TolX * sigma0))
            return true;
        if (_d.Max() * _d.Max() > MaxCondition * _d.Min() * _d.Min())
            return true;
        return Enumerable.Range(0, n).Any(j => Mean[j] == Mean[j] + 0.2 * StdDev(j));
    }

    // The margin: see the class remarks.
    private CmaState WithMargin()
    {
        var n = _space.Dimensions;
        var alpha = 1.0 / (n * Lambda);
        for (var j = 0; j < n; j++)
        {
            if (_space.Cell(j, Mean[j]) is not { } cell)
                continue;
            var (low, high) = cell;
            var s = StdDev(j);
            if (low is { } lo && high is { } hi)
            {
                var pLow = Math.Max(alpha / 2, Normal.CDF(Mean[j], s, lo));
                var pHigh = Math.Max(alpha / 2, 1 - Normal.CDF(Mean[j], s, hi));
                if (pLow == Normal.CDF(Mean[j], s, lo) && pHigh == 1 - Normal.CDF(Mean[j], s, hi))
                    continue;
                // The mean and scale that give exactly these tails: lo = m + s'·Φ⁻¹(pLow), hi = m + s'·Φ⁻¹(1 − pHigh).
                var zLow = Normal.InvCDF(0, 1, pLow);
                var zHigh = Normal.InvCDF(0, 1, 1 - pHigh);
                var scale = (hi - lo) / (zHigh - zLow);
                Mean[j] = lo - scale * zLow;
                _a[j] *= scale / s;
            }
            else if (low is { } edgeLow)
            {
                var bound = edgeLow + s * Normal.InvCDF(0, 1, 1 - alpha);
                Mean[j] = Math.Min(Mean[j], bound);
            }
            else if (high is { } edgeHigh)
            {
                var bound = edgeHigh - s * Normal.InvCDF(0, 1, 1 - alpha);
                Mean[j] = Math.Max(Mean[j], bound);
            }
        }
        return this;
    }
}
