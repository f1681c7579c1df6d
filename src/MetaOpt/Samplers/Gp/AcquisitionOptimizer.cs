using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using MathNet.Numerics.Optimization;
using MetaOpt.Samplers.Qmc;

namespace MetaOpt.Samplers.Gp;

/// <summary>Maximises log EI over the search space: quasi-random screening, then local refinement of the best few.</summary>
/// <remarks>
/// Screening scores <see cref="CandidateCount"/> scrambled-Halton points plus the given seed points (the best
/// observations, where improvement is often found nearby). The best <see cref="LocalSearches"/> distinct starts are
/// refined by bounded BFGS on the numeric coordinates with the exact gradient; categorical coordinates are then
/// improved by trying every choice one parameter at a time. Every end point is snapped onto the parameters' grids
/// before the final comparison, so the winner is scored as it will be evaluated. In a conditional space every point
/// is first projected onto its branch (<see cref="BranchConditions"/>), and the local search moves only the
/// parameters its branch uses. Coordinates fixed by the trial (an enqueued value, a choice made by
/// <see cref="ChoiceHalvingSampler"/>) are held at their value throughout, so the rest is optimised on their branch.
/// </remarks>
/// <param name="space">The space searched.</param>
/// <param name="candidateCount">Quasi-random points screened.</param>
/// <param name="localSearches">Best starts refined.</param>
/// <param name="conditions">Which parameters each branch uses; all, always, when null.</param>
/// <param name="fixedCoordinates">Coordinates that keep their value, by dimension; none when null.</param>
internal sealed class AcquisitionOptimizer(
    UnitCubeSpace space, int candidateCount = 1024, int localSearches = 5, BranchConditions? conditions = null,
    IReadOnlyDictionary<int, double>? fixedCoordinates = null)
{
    private readonly BranchConditions _conditions = conditions ?? BranchConditions.None(space);
    private readonly IReadOnlyDictionary<int, double> _fixed = fixedCoordinates ?? new Dictionary<int, double>();

    public int CandidateCount { get; } = candidateCount;

    public int LocalSearches { get; } = localSearches;

    /// <summary>The point with the highest log EI found, snapped onto the parameters' grids.</summary>
    public double[] Maximize(ISurrogate surrogate, double best, IEnumerable<double[]> seedPoints, Random random)
    {
        var d = space.Dimensions;
        var halton = new ScrambledHalton(random.Next());
        var starts = new List<(double Score, double[] Point)>();
        for (var i = 0; i < CandidateCount; i++)
        {
            var p = new double[d];
            halton.Point(i, p);
            space.FromCube(p);
            Constrain(p);
            starts.Add((Score(surrogate, p, best), p));
        }
        foreach (var seed in seedPoints)
        {
            var p = (double[])seed.Clone();
            Constrain(p);
            starts.Add((Score(surrogate, p, best), p));
        }

        var winner = (Score: double.NegativeInfinity, Point: starts[0].Point);
        foreach (var (_, start) in starts.OrderByDescending(s => s.Score).Take(LocalSearches))
        {
            var refined = space.Snap(Refine(surrogate, best, start));
            _conditions.Project(refined);
            var score = ImproveCategories(surrogate, best, refined);
            if (score > winner.Score)
                winner = (score, refined);
        }
        return winner.Point;
    }

    private void Constrain(Span<double> point)
    {
        foreach (var (j, value) in _fixed)
            point[j] = value;
        _conditions.Project(point);
    }

    private static double Score(ISurrogate surrogate, double[] x, double best)
    {
        var (mean, variance) = surrogate.Predict(x);
        return LogExpectedImprovement.Value(mean, variance, best);
    }

    private double[] Refine(ISurrogate surrogate, double best, double[] start)
    {
        var numeric = Enumerable.Range(0, space.Dimensions).Where(j => !space.IsCategorical[j] && !_fixed.ContainsKey(j) && _conditions.IsActive(j, start)).ToArray();
        if (numeric.Length == 0)
            return start;
        var x = (double[])start.Clone();
        var meanGradient = new double[space.Dimensions];
        var varianceGradient = new double[space.Dimensions];
        var bestSeen = (Value: double.PositiveInfinity, Point: (double[])start.Clone());

        (double, Vector<double>) NegativeLogEi(Vector<double> v)
        {
            for (var i = 0; i < numeric.Length; i++)
                x[numeric[i]] = v[i];
            var (mean, variance) = surrogate.Predict(x, meanGradient, varianceGradient);
            var (value, byMean, byVariance) = LogExpectedImprovement.WithDerivatives(mean, variance, best);
            var gradient = DenseVector.Create(numeric.Length, i => -(byMean * meanGradient[numeric[i]] + byVariance * varianceGradient[numeric[i]]));
            if (!double.IsFinite(value))
                return (1e300, DenseVector.Create(numeric.Length, 0.0));
            if (-value < bestSeen.Value)
                bestSeen = (-value, (double[])x.Clone());
            return (-value, gradient);
        }

        var initial = DenseVector.Create(numeric.Length, i => Math.Clamp(start[numeric[i]], 0, 1));
        try
        {
            new BfgsBMinimizer(1e-6, 1e-8, 1e-9, 60).FindMinimum(
                ObjectiveFunction.Gradient(NegativeLogEi),
                DenseVector.Create(numeric.Length, 0.0), DenseVector.Create(numeric.Length, 1.0), initial);
        }
        catch (Exception e) when (e is MaximumIterationsException or OptimizationException or ArgumentException)
        {
            // The best point evaluated before the optimiser stopped is kept.
        }
        return bestSeen.Point;
    }

    // A choice that switches branches is scored with the new branch's projection: its unused parameters inactive,
    // the ones it gains at the point's current (possibly inactive) coordinates.
    private double ImproveCategories(ISurrogate surrogate, double best, double[] point)
    {
        var score = Score(surrogate, point, best);
        for (var j = 0; j < space.Dimensions; j++)
        {
            if (!space.IsCategorical[j] || _fixed.ContainsKey(j))
                continue;
            var kept = (double[])point.Clone();
            for (var c = 0; c < space.ChoiceCounts[j]; c++)
            {
                if (c == point[j])
                    continue;
                var trial = (double[])point.Clone();
                trial[j] = c;
                _conditions.Project(trial);
                var s = Score(surrogate, trial, best);
                if (s > score)
                    (score, kept) = (s, trial);
            }
            kept.CopyTo(point, 0);
        }
        return score;
    }
}
