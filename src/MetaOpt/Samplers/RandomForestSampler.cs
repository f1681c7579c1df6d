using MathNet.Numerics.Distributions;
using MetaOpt.Importance;
using MetaOpt.Samplers;
using MetaOpt.Samplers.Gp;
using MetaOpt.Samplers.Qmc;
using MetaOpt.SearchSpace;

namespace MetaOpt;

/// <summary>
/// SMAC-style Bayesian optimisation (Hutter, Hoos and Leyton-Brown 2011): a random forest over the finished trials,
/// its spread as uncertainty, and expected improvement maximised by local search and random candidates.
/// </summary>
/// <remarks>
/// <para>Parameters are modelled in the GP's unit cube (log scale, grids, categoricals as their index); the trees
/// split categoricals into sets of choices. A parameter a trial did not use is imputed as SMAC does: −1 for a
/// numeric one (outside the cube), one more category for a categorical one, so "inactive" is a region the trees can
/// split off. The prediction's variance is the law of total variance over the trees (the spread of their leaf means
/// plus their leaves' own variance).</para>
/// <para>Each proposal maximises expected improvement (computed in log, so it stays informative far from the best
/// value) over <see cref="RandomForestSamplerOptions.RandomCandidates"/> random configurations and local searches
/// from the best finished configurations and the best random ones, in the one-exchange neighbourhood: a numeric
/// parameter moves by a Gaussian step (σ 0.2 in the cube), a categorical one swaps to each other choice. A
/// proposal's branch decides which parameters it scores with (<c>BranchConditions</c>, as the GP). A share
/// <see cref="RandomForestSamplerOptions.RandomInterleave"/> of trials is drawn from the start-up design instead.</para>
/// <para>Trials still running enter the forest at the worst value seen (constant liar), and no proposal repeats the
/// configuration of a finished or running trial, so parallel workers spread out. Reproducible for a seed with one
/// worker; each trial draws from its own stream of the seed and its number. Measurements in <c>docs/samplers.md</c>.</para>
/// </remarks>
public sealed class RandomForestSampler : ISampler
{
    /// <summary>Standard deviation of a numeric neighbour's step in the unit cube (SMAC's one-exchange neighbourhood).</summary>
    private const double NeighbourStep = 0.2;

    /// <summary>Neighbours drawn per numeric parameter at each local-search step (SMAC: 4).</summary>
    private const int NumericNeighbours = 4;

    /// <summary>Steps after which a local search stops even while it still improves.</summary>
    private const int MaxLocalSteps = 50;

    private readonly int _seed;
    private readonly RandomForestSamplerOptions _options;
    private readonly QmcSequence? _design;
    private readonly object _lock = new();
    // Keyed by study as well: trial ids are unique only within a storage, and one sampler may serve several studies.
    private readonly Dictionary<(Study Study, long TrialId), (string SpaceKey, double[] Point)> _pending = new();

    /// <summary>Creates the sampler with the default settings and a random seed.</summary>
    public RandomForestSampler()
        : this(new RandomForestSamplerOptions())
    {
    }

    /// <summary>Creates the sampler with the default settings.</summary>
    /// <param name="seed">Seed of every random choice; a random seed when null.</param>
    public RandomForestSampler(int? seed)
        : this(new RandomForestSamplerOptions { Seed = seed })
    {
    }

    /// <summary>Creates the sampler.</summary>
    /// <param name="options">Its settings.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is outside its range (the exception names it).</exception>
    public RandomForestSampler(RandomForestSamplerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _seed = SamplerRandom.Seed(options.Seed);
        _design = options.StartupDesign is { } design ? QmcSequence.Create(design, _seed) : null;
    }

    /// <summary>The settings.</summary>
    public RandomForestSamplerOptions Options => _options;

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, Distribution> InferRelativeSearchSpace(Study study, FrozenTrial trial) =>
        GpSampler.Union(GpSampler.Finished(study).Select(t => t.Distributions));

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> SampleRelative(
        Study study, FrozenTrial trial, IReadOnlyDictionary<string, Distribution> searchSpace)
    {
        var minimised = GpSampler.Minimised(study);
        if (searchSpace.Count == 0 || minimised.Count < _options.StartupTrials)
            return new Dictionary<string, double>();
        // The trial's own stream (see SamplerRandom): workers sharing the storage and the seed propose differently.
        var random = SamplerRandom.ForTrial(_seed, trial.Number);
        if (random.NextDouble() < _options.RandomInterleave)
            return new Dictionary<string, double>();

        var space = new UnitCubeSpace(searchSpace);
        var observed = minimised.Select(o => (Point: Encode(space, o.Trial), o.Value)).Where(o => o.Point is not null).ToList();
        if (observed.Count < 2)
            return new Dictionary<string, double>();
        var conditions = BranchConditions.Infer(space, minimised.Select(o => o.Trial).Where(t => Encode(space, t) is not null).ToList());
        var fixedCoordinates = GpSampler.FixedCoordinates(space, trial);
        lock (_lock)
        {
            var busy = RunningPoints(study, space, trial.Id);
            var values = observed.Select(o => o.Value).ToArray();
            if (_options.LogTargets)
                values = GpSampler.Warp(values);
            var worst = values.Max();
            double[][] rows = [.. observed.Select(o => o.Point!), .. busy];
            double[] targets = [.. values, .. busy.Select(_ => worst)];
            var settings = new RegressionTree.TreeSettings(
                MaxDepth: 1 << 20, _options.MinSamplesLeaf, _options.MinSamplesSplit,
                MaxFeatures: Math.Max(1, (int)Math.Ceiling(_options.MaxFeaturesRatio * space.Dimensions)), Categorical: space.IsCategorical, RandomThresholds: true);
            var forest = RandomForest.Fit(rows, targets, _options.Trees, settings, _options.Bootstrap, random);

            var taken = new HashSet<string>(rows.Select(UnitCubeSpace.PointKey));
            var search = new Search(space, conditions, fixedCoordinates, forest, values.Min());
            var point = search.Maximize(observed.OrderBy(o => o.Value).Select(o => o.Point!), taken, _options, random);
            _pending[(study, trial.Id)] = (space.Key, point);
            return Enumerable.Range(0, space.Dimensions)
                .Where(j => conditions.IsActive(j, point) || fixedCoordinates.ContainsKey(j))
                .ToDictionary(j => space.Names[j], j => space.FromUnit(j, point[j]));
        }
    }

    /// <inheritdoc/>
    public double SampleIndependent(Study study, FrozenTrial trial, string name, Distribution distribution) =>
        _design is null
            ? SearchSpaceTransform.SampleUniform(SamplerRandom.ForTrial(_seed, trial.Number, name), distribution)
            : _design.Sample(trial, distribution);

    /// <inheritdoc/>
    public void AfterTrial(Study study, FrozenTrial trial, TrialState state, double? value)
    {
        lock (_lock)
            _pending.Remove((study, trial.Id));
    }

    /// <summary>
    /// A trial's row: unit-cube coordinates, a parameter it did not use imputed (−1, or one more category); null when
    /// it drew a parameter from another distribution, or, with <paramref name="complete"/>, lacks one.
    /// </summary>
    private static double[]? Encode(UnitCubeSpace space, FrozenTrial trial, bool complete = false)
    {
        var x = new double[space.Dimensions];
        for (var j = 0; j < space.Dimensions; j++)
        {
            if (!trial.Distributions.TryGetValue(space.Names[j], out var d))
            {
                if (complete)
                    return null;
                x[j] = Inactive(space, j);
                continue;
            }
            if (!d.Equals(space.Distributions[j]))
                return null;
            x[j] = space.ToUnit(j, trial.InternalParam(space.Names[j]));
        }
        return x;
    }

    private static double Inactive(UnitCubeSpace space, int j) => space.IsCategorical[j] ? space.ChoiceCounts[j] : -1;

    /// <summary>Rows of other trials still running: our own proposals, and complete parameter sets of trials started elsewhere.</summary>
    private List<double[]> RunningPoints(Study study, UnitCubeSpace space, long currentTrialId)
    {
        var points = new List<double[]>();
        foreach (var t in study.GetTrials(TrialState.Running))
        {
            if (t.Id == currentTrialId)
                continue;
            if (_pending.TryGetValue((study, t.Id), out var pending) && pending.SpaceKey == space.Key)
                points.Add(pending.Point);
            else if (Encode(space, t, complete: true) is { } encoded)
                points.Add(encoded);
        }
        return points;
    }

    /// <summary>Maximises expected improvement below <c>best</c> over the model's rows (inactive parameters imputed).</summary>
    private sealed class Search(UnitCubeSpace space, BranchConditions conditions, Dictionary<int, double> fixedCoordinates, RandomForest forest, double best)
    {
        /// <summary>The best proposal whose configuration is not <paramref name="taken"/>, as a model row.</summary>
        public double[] Maximize(IEnumerable<double[]> bestObserved, HashSet<string> taken, RandomForestSamplerOptions options, Random random)
        {
            var scored = new List<(double[] Row, double Score)>();
            for (var c = 0; c < options.RandomCandidates; c++)
            {
                var point = new double[space.Dimensions];
                for (var j = 0; j < space.Dimensions; j++)
                    point[j] = random.NextDouble();
                space.FromCube(point);
                var row = Row(space.Snap(point));
                scored.Add((row, Score(row)));
            }
            var starts = bestObserved.Take(options.LocalSearches).Select(Row)
                .Concat(scored.OrderByDescending(s => s.Score).Take(options.LocalSearches).Select(s => s.Row))
                .ToList();
            foreach (var start in starts)
                scored.AddRange(LocalSearch(start, taken, random));
            // Highest score first; ties (a flat forest) broken by the order found, which the trial's stream fixes.
            foreach (var (row, _) in scored.Select((s, i) => (s, i)).OrderByDescending(p => p.s.Score).ThenBy(p => p.i).Select(p => p.s))
                if (!taken.Contains(UnitCubeSpace.PointKey(row)))
                    return row;
            // Every candidate repeats a known configuration (a tiny space): take the best one.
            return scored.MaxBy(s => s.Score).Row;
        }

        /// <summary>Log expected improvement of a row; −∞ where the forest is certain of no improvement.</summary>
        private double Score(double[] row)
        {
            var (mean, variance) = forest.Predict(row);
            if (variance <= 1e-18)
                return mean < best ? Math.Log(best - mean) : double.NegativeInfinity;
            return LogExpectedImprovement.Value(mean, variance, best);
        }

        /// <summary>A point as the model sees it: fixed coordinates held, parameters its branch does not use imputed.</summary>
        private double[] Row(double[] point)
        {
            var row = (double[])point.Clone();
            foreach (var (j, value) in fixedCoordinates)
                row[j] = value;
            for (var j = 0; j < row.Length; j++)
            {
                if (row[j] < 0 || (space.IsCategorical[j] && row[j] >= space.ChoiceCounts[j]))
                    row[j] = space.IsCategorical[j] ? 0 : 0.5; // an imputed start gets a value its branch may need
                if (!conditions.IsActive(j, row))
                    row[j] = Inactive(space, j);
            }
            return row;
        }

        /// <summary>Best-improvement hill climbing in the one-exchange neighbourhood; every scored neighbour is returned.</summary>
        private List<(double[] Row, double Score)> LocalSearch(double[] start, HashSet<string> taken, Random random)
        {
            var visited = new List<(double[] Row, double Score)>();
            var current = (Row: start, Score: Score(start));
            for (var step = 0; step < MaxLocalSteps; step++)
            {
                var improved = current;
                foreach (var neighbour in Neighbours(current.Row, random))
                {
                    var score = Score(neighbour);
                    visited.Add((neighbour, score));
                    if (score > improved.Score && !taken.Contains(UnitCubeSpace.PointKey(neighbour)))
                        improved = (neighbour, score);
                }
                if (ReferenceEquals(improved.Row, current.Row))
                    break;
                current = improved;
            }
            return visited;
        }

        private IEnumerable<double[]> Neighbours(double[] row, Random random)
        {
            for (var j = 0; j < space.Dimensions; j++)
            {
                if (fixedCoordinates.ContainsKey(j) || !conditions.IsActive(j, row))
                    continue;
                if (space.IsCategorical[j])
                {
                    for (var c = 0; c < space.ChoiceCounts[j]; c++)
                        if (c != (int)row[j])
                            yield return Moved(row, j, c);
                    continue;
                }
                for (var k = 0; k < NumericNeighbours; k++)
                {
                    var value = Normal.Sample(random, row[j], NeighbourStep);
                    for (var redraw = 0; redraw < 10 && value is < 0 or > 1; redraw++)
                        value = Normal.Sample(random, row[j], NeighbourStep);
                    var moved = space.ToUnit(j, space.FromUnit(j, Math.Clamp(value, 0, 1)));
                    if (moved != row[j])
                        yield return Moved(row, j, moved);
                }
            }
        }

        private double[] Moved(double[] row, int j, double value)
        {
            var point = (double[])row.Clone();
            point[j] = value;
            return Row(point);
        }
    }
}
