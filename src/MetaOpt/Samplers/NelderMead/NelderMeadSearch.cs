namespace MetaOpt.Samplers.NelderMead;

/// <summary>
/// Globalized bounded Nelder-Mead over [0, 1]^n as a deterministic sequence of queries: each batch of points it asks
/// for is answered with the points evaluated and their values (to minimise) before it asks for the next.
/// </summary>
/// <remarks>
/// <para>Bounded by projection: every point the simplex moves to is clipped into the cube (Luersen and Le Riche 2004).
/// Globalized by restarts: a simplex that has converged (its vertices within <see cref="NelderMeadSamplerOptions.PointTolerance"/>
/// of the best), is flat (values within <see cref="NelderMeadSamplerOptions.ValueTolerance"/>) or has not improved its
/// best for <see cref="NelderMeadSamplerOptions.StallIterations"/> iterations starts again, from a point chosen by the
/// restart policy and the restart's own random stream.</para>
/// <para>The initial simplex and a shrink are batches of several independent points; a reflection, expansion or
/// contraction is a batch of one. Nothing here is random except the restarts' starts, so the same answers give the
/// same queries: the sampler rebuilds the search by replaying the stored trials through it.</para>
/// </remarks>
internal sealed class NelderMeadSearch
{
    // Width of the Gaussian kernels of the probabilistic restart, in the unit cube.
    private const double KernelWidth = 0.1;

    private readonly NelderMeadSamplerOptions _options;
    private readonly int _seed;
    private readonly int _n;
    private readonly List<double[]> _visited = [];

    public NelderMeadSearch(NelderMeadSamplerOptions options, int seed, int dimensions)
    {
        _options = options;
        _seed = seed;
        _n = dimensions;
    }

    /// <summary>How many restarts came before the current simplex.</summary>
    public int Restarts { get; private set; }

    /// <summary>The answers to the last batch: the point evaluated for each query and its value; set before moving on.</summary>
    public (double[] X, double Value)[] Answers { get; set; } = [];

    /// <summary>The batches of points to evaluate, each to be answered through <see cref="Answers"/> before the next.</summary>
    public IEnumerable<double[][]> Queries()
    {
        var stall = _options.StallIterations ?? 10 * (_n + 1);
        for (Restarts = 0; ; Restarts++)
        {
            var start = Start(Restarts);
            _visited.Add(start);
            yield return InitialSimplex(start);
            var simplex = Answers.ToList();
            var iterations = 0;
            var best = double.PositiveInfinity;
            var sinceBetter = 0;
            while (true)
            {
                simplex.Sort((a, b) => a.Value.CompareTo(b.Value));
                if (simplex[0].Value < best)
                {
                    best = simplex[0].Value;
                    sinceBetter = 0;
                }
                if (Converged(simplex) || sinceBetter >= stall)
                    break;
                iterations++;
                sinceBetter++;
                var worst = simplex[_n];
                var centroid = new double[_n];
                for (var i = 0; i < _n; i++)
                    for (var j = 0; j < _n; j++)
                        centroid[j] += simplex[i].X[j] / _n;

                yield return [Along(centroid, worst.X, -_options.Reflection)];
                var reflected = Answers[0];
                if (reflected.Value < simplex[0].Value)
                {
                    yield return [Along(centroid, worst.X, -_options.Reflection * _options.Expansion)];
                    var expanded = Answers[0];
                    simplex[_n] = expanded.Value < reflected.Value ? expanded : reflected;
                    continue;
                }
                if (reflected.Value < simplex[_n - 1].Value)
                {
                    simplex[_n] = reflected;
                    continue;
                }
                // Outside contraction when the reflection beat the worst, inside contraction otherwise.
                var outside = reflected.Value < worst.Value;
                yield return [Along(centroid, worst.X, outside ? -_options.Reflection * _options.Contraction : _options.Contraction)];
                var contracted = Answers[0];
                if (outside ? contracted.Value <= reflected.Value : contracted.Value < worst.Value)
                {
                    simplex[_n] = contracted;
                    continue;
                }
                var bestX = simplex[0].X;
                yield return simplex.Skip(1).Select(v => Clip(bestX.Select((b, j) => b + _options.Shrink * (v.X[j] - b)))).ToArray();
                for (var i = 1; i <= _n; i++)
                    simplex[i] = Answers[i - 1];
            }
            _visited.Add(simplex[0].X);
        }
    }

    // The point centroid + t (from − centroid), clipped into the cube.
    private static double[] Along(double[] centroid, double[] from, double t) =>
        Clip(centroid.Select((c, j) => c + t * (from[j] - c)));

    private static double[] Clip(IEnumerable<double> point) => point.Select(v => Math.Clamp(v, 0, 1)).ToArray();

    // The start and one vertex per coordinate, a step along it (away from the nearer wall).
    private double[][] InitialSimplex(double[] start)
    {
        var simplex = new double[_n + 1][];
        simplex[0] = start;
        for (var j = 0; j < _n; j++)
        {
            var vertex = (double[])start.Clone();
            vertex[j] += start[j] + _options.InitialSize <= 1 ? _options.InitialSize : -_options.InitialSize;
            simplex[j + 1] = vertex;
        }
        return simplex;
    }

    private bool Converged(List<(double[] X, double Value)> simplex)
    {
        var low = simplex[0].Value;
        var high = simplex[_n].Value;
        if (double.IsPositiveInfinity(low))
            return true;
        if (high - low <= _options.ValueTolerance * Math.Max(1, Math.Abs(low)))
            return true;
        return simplex.Skip(1).All(v => v.X.Select((x, j) => Math.Abs(x - simplex[0].X[j])).Max() < _options.PointTolerance);
    }

    // The restart's start: a uniform point, or the least visited of several (GBNM's probabilistic restart).
    private double[] Start(int restart)
    {
        var random = SamplerRandom.ForTrial(_seed, restart, "nelder-mead-restart");
        var count = _options.Restart == NelderMeadRestart.Probabilistic && _visited.Count > 0 ? _options.RestartCandidates : 1;
        var candidates = Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, _n).Select(_ => random.NextDouble()).ToArray()).ToList();
        return candidates.MinBy(Density)!;
    }

    // Unnormalised Gaussian kernel density of the earlier starts and optima at x.
    private double Density(double[] x) =>
        _visited.Sum(v => Math.Exp(-v.Select((vj, j) => (vj - x[j]) * (vj - x[j])).Sum() / (2 * KernelWidth * KernelWidth)));
}
