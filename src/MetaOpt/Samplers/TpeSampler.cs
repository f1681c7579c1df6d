using MetaOpt.Samplers;
using MetaOpt.Samplers.Qmc;
using MetaOpt.Samplers.Tpe;
using MetaOpt.SearchSpace;

namespace MetaOpt;

/// <summary>
/// The tree-structured Parzen estimator (Bergstra et al. 2011; components as analysed by Watanabe 2023): splits
/// the finished trials into the best γ(n) ("below") and the rest ("above"), fits a Parzen mixture l(x) to the first
/// and g(x) to the second, draws candidates from l and keeps the one with the largest l(x) / g(x), which maximises
/// expected improvement. In a multi-objective study it is MOTPE (Ozaki et al. 2020, 2022): the split and the weights
/// of l come from the trials' fronts and hypervolume.
/// </summary>
/// <remarks>
/// <para>Defaults match Optuna's: 10 random start-up trials, 24 candidates, γ(n) = min(⌈0.1 n⌉, 25), a prior
/// kernel of weight 1, the magic clip, and weights that fade the oldest trials once there are more than 25.</para>
/// <para>Log parameters are modelled in log space; integers and stepped floats on bounds widened by half a step,
/// scored by the mass of the cell that rounds to each grid point; categoricals with smoothed one-hot kernels.</para>
/// <para>Univariate (default): each parameter is sampled on its own, from the trials that have it (so conditional
/// parameters work). Multivariate: the parameters every finished trial shares are sampled jointly from one product
/// mixture; parameters outside that space fall back to univariate sampling. Multivariate with
/// <see cref="TpeSamplerOptions.Group"/>: the parameters are split into groups that always appear together, and each
/// group is sampled jointly from the trials that have it; in a conditional space (a root choice, then the parameters
/// of that branch) every branch is modelled jointly, where plain multivariate shares only the root and samples the
/// rest one by one.</para>
/// <para>Multi-objective studies (<see cref="StudyOptions.Directions"/>): "below" is the best γ(n) complete trials by
/// non-dominated front, the front that does not fit whole thinned to the subset with the largest hypervolume (greedy);
/// each "below" trial weighs by its exclusive hypervolume contribution within the group (the most contributing 1)
/// instead of by <see cref="TpeSamplerOptions.Weights"/>, which still weighs "above". Univariate, multivariate and
/// group modes, the start-up trials and the constant liar work as with one objective; a pruned trial (told so: pruners
/// are refused in such studies) has no values to rank and is always "above".</para>
/// <para>Failed trials are ignored. Pruned trials rank after complete ones; among them, pruned later ranks better,
/// then by the last reported value. With <see cref="TpeSamplerOptions.ConstantLiar"/> (the default), running trials
/// join the "above" group, so parallel workers steer away from points already being evaluated, and a candidate that
/// would repeat a running trial's configuration is passed over while the mixture (or, during start-up, the uniform
/// draw) offers another.</para>
/// <para>Reproducible for a given seed when trials run one at a time. Each trial draws from its own streams of the seed
/// and its number, so workers sharing a storage and a seed propose differently. The history is read once per trial, and each
/// finished trial converted once per study, so an ask stays fast in a long study.</para>
/// </remarks>
public sealed class TpeSampler : ISampler
{
    private const int CachedTrials = 256;

    // How many times the usual candidate count may be drawn to find one that repeats no running trial.
    private const int RepeatAvoidingDraws = 16;

    // Candidates × mixture components from which scoring is spread over the cores (about 40,000 trials at 24
    // candidates); below it, scoring takes a millisecond or two and waiting for a second core on a busy machine costs more.
    private const long ParallelScoringWork = 1_000_000;

    private readonly int _seed;
    private readonly int _startupTrials;
    private readonly QmcSequence? _startupDesign;
    private readonly int _eiCandidates;
    private readonly bool _multivariate;
    private readonly bool _group;
    private readonly bool _constantLiar;
    private readonly Func<int, int> _gamma;
    private readonly Func<int, double[]> _weights;
    private readonly ParzenEstimatorSettings _settings;
    // Keyed by study as well: trial ids are unique only within a storage, and one sampler may serve several studies.
    private readonly Dictionary<(Study Study, long TrialId), TpeHistory> _histories = new();
    private readonly Queue<(Study Study, long TrialId)> _historyOrder = new();
    private readonly FinishedObservations.PerStudy _finished = new();

    /// <summary>Creates the sampler with the default settings and a random seed.</summary>
    public TpeSampler()
        : this(new TpeSamplerOptions())
    {
    }

    /// <summary>Creates the sampler with the default settings.</summary>
    /// <param name="seed">Seed of the random streams, one per trial (see <see cref="SamplerRandom"/>); a random seed when null.</param>
    public TpeSampler(int? seed)
        : this(new TpeSamplerOptions { Seed = seed })
    {
    }

    /// <summary>Creates the sampler.</summary>
    /// <param name="options">Its settings.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is outside its range (the exception names it).</exception>
    /// <exception cref="ArgumentException"><see cref="TpeSamplerOptions.Group"/> without <see cref="TpeSamplerOptions.Multivariate"/>.</exception>
    public TpeSampler(TpeSamplerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _seed = SamplerRandom.Seed(options.Seed);
        _startupTrials = options.StartupTrials;
        _startupDesign = options.StartupDesign is { } design ? QmcSequence.Create(design, _seed) : null;
        _eiCandidates = options.EiCandidates;
        _multivariate = options.Multivariate;
        _group = options.Group;
        _constantLiar = options.ConstantLiar;
        _gamma = options.Gamma ?? DefaultGamma;
        _weights = options.Weights ?? DefaultWeights;
        _settings = new ParzenEstimatorSettings(options.ConsiderPrior, options.PriorWeight, options.ConsiderMagicClip,
            options.ConsiderEndpoints, options.Multivariate);
    }

    /// <summary>Creates the sampler from Optuna-style arguments.</summary>
    [Obsolete("Use new TpeSampler(new TpeSamplerOptions { ... }); this constructor goes in the next release.")]
    public TpeSampler(
        int? seed = null,
        int nStartupTrials = 10,
        int nEiCandidates = 24,
        bool multivariate = false,
        bool group = false,
        bool constantLiar = true,
        bool considerPrior = true,
        double priorWeight = 1.0,
        bool considerMagicClip = true,
        bool considerEndpoints = false,
        Func<int, int>? gamma = null,
        Func<int, double[]>? weights = null)
        : this(new TpeSamplerOptions
        {
            Seed = seed, StartupTrials = nStartupTrials, EiCandidates = nEiCandidates, Multivariate = multivariate, Group = group,
            ConstantLiar = constantLiar, ConsiderPrior = considerPrior, PriorWeight = priorWeight,
            ConsiderMagicClip = considerMagicClip, ConsiderEndpoints = considerEndpoints, Gamma = gamma, Weights = weights,
        })
    {
    }

    /// <summary>Optuna's good fraction: min(⌈0.1 n⌉, 25) of n finished trials form the "below" group.</summary>
    public static int DefaultGamma(int n) => Math.Min((int)Math.Ceiling(0.1 * n), 25);

    /// <summary>
    /// Weights of n observations, oldest first: all 1 below 25; from 25 on, the newest 25 weigh 1 and the older
    /// ones ramp linearly from 1/n up to 1, so the model follows where the search is now.
    /// </summary>
    public static double[] DefaultWeights(int n)
    {
        var weights = new double[n];
        Array.Fill(weights, 1.0);
        var ramp = n - 25;
        for (var i = 0; i < ramp; i++)
            weights[i] = ramp == 1 ? 1.0 / n : 1.0 / n + (1 - 1.0 / n) * i / (ramp - 1);
        return weights;
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, Distribution> InferRelativeSearchSpace(Study study, FrozenTrial trial)
    {
        if (!_multivariate)
            return new Dictionary<string, Distribution>();
        var history = History(study, trial);
        if (history.FinishedCount < _startupTrials)
            return new Dictionary<string, Distribution>();
        return _group ? history.Groups.SelectMany(g => g).ToDictionary() : history.IntersectionSearchSpace;
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> SampleRelative(
        Study study, FrozenTrial trial, IReadOnlyDictionary<string, Distribution> searchSpace)
    {
        var result = new Dictionary<string, double>();
        if (searchSpace.Count == 0)
            return result;
        var history = History(study, trial);
        var fixedParams = trial.FixedParams;
        IEnumerable<IEnumerable<string>> groups = _group
            ? history.Groups.Select(g => g.Keys.Where(searchSpace.ContainsKey))
            : [searchSpace.Keys];
        foreach (var group in groups)
        {
            // A parameter the trial has fixed (enqueued, or chosen by a ChoiceHalvingSampler) is not sampled, nor shared
            // with other workers as this trial's value.
            var names = group.Where(n => !fixedParams.ContainsKey(n)).Order(StringComparer.Ordinal).ToArray();
            if (names.Length == 0)
                continue;
            var x = Suggest(history, trial, names, names.Select(n => searchSpace[n]).ToArray());
            for (var d = 0; d < names.Length; d++)
            {
                result[names[d]] = x[d];
                if (_constantLiar)
                    study.SetTrialSystemAttr(trial.Id, TpeHistory.RelativeParamPrefix + names[d], x[d]);
            }
        }
        return result;
    }

    /// <inheritdoc/>
    public double SampleIndependent(Study study, FrozenTrial trial, string name, Distribution distribution)
    {
        var history = History(study, trial);
        if (history.FinishedCount < _startupTrials)
            return SampleStartup(history, trial, name, distribution);
        return Suggest(history, trial, [name], [distribution])[0];
    }

    /// <inheritdoc/>
    /// <remarks>True: a multi-objective study gets MOTPE (see the class remarks).</remarks>
    public bool SupportsMultiObjective => true;

    /// <inheritdoc/>
    public void AfterTrial(Study study, FrozenTrial trial, TrialState state, double? value)
    {
        lock (_histories)
            _histories.Remove((study, trial.Id));
    }

    // The design's point of this trial; else a uniform draw, under the constant liar drawn again while it would repeat
    // a running trial's configuration (design points differ by construction).
    private double SampleStartup(TpeHistory history, FrozenTrial trial, string name, Distribution distribution)
    {
        if (_startupDesign is not null)
            return _startupDesign.Sample(trial, distribution);
        var taken = _constantLiar ? RunningPoints(history, trial, [name], [distribution]) : [];
        var random = SamplerRandom.ForTrial(_seed, trial.Number, name);
        var value = SearchSpaceTransform.SampleUniform(random, distribution);
        for (var i = 1; i < _eiCandidates * RepeatAvoidingDraws && taken.Exists(point => point[0].Equals(value)); i++)
            value = SearchSpaceTransform.SampleUniform(random, distribution);
        return value;
    }

    // Fits l and g on the observations that have every parameter and returns the candidate with the best log l − log g.
    // Under the constant liar, candidates that would give the trial a running trial's configuration are skipped; more
    // are drawn while every one so far was such a repeat (only then does the random stream differ from Optuna's).
    private double[] Suggest(TpeHistory history, FrozenTrial trial, IReadOnlyList<string> names, IReadOnlyList<Distribution> distributions)
    {
        var below = Fit(history.Below, history.BelowWeights, names, distributions);
        var above = Fit(history.Above, null, names, distributions);
        var taken = _constantLiar ? RunningPoints(history, trial, names, distributions) : [];
        // One stream per trial and group of parameters: see SamplerRandom.
        var random = SamplerRandom.ForTrial(_seed, trial.Number, string.Join('\0', names));
        // The usual candidates are drawn first and scored together (on several cores when the mixtures are large:
        // scoring draws nothing, so the random stream and every score are what one-by-one scoring gives).
        var candidates = new double[_eiCandidates][];
        for (var i = 0; i < candidates.Length; i++)
            candidates[i] = below.Sample(random);
        var isTaken = Array.ConvertAll(candidates, c => IsTaken(taken, c));
        var scores = new double[candidates.Length];
        void Score(int i)
        {
            if (!isTaken[i])
                scores[i] = below.LogDensity(candidates[i]) - above.LogDensity(candidates[i]);
        }
        if ((long)candidates.Length * (below.ComponentCount + above.ComponentCount) >= ParallelScoringWork)
            Parallel.For(0, candidates.Length, Score);
        else
            for (var i = 0; i < candidates.Length; i++)
                Score(i);
        double[]? best = null;
        double[]? repeat = null;
        var bestScore = double.NegativeInfinity;
        for (var i = 0; i < _eiCandidates || (best is null && i < _eiCandidates * RepeatAvoidingDraws); i++)
        {
            var candidate = i < candidates.Length ? candidates[i] : below.Sample(random);
            if (i < candidates.Length ? isTaken[i] : IsTaken(taken, candidate))
            {
                repeat ??= candidate;
                continue;
            }
            var score = i < candidates.Length ? scores[i] : below.LogDensity(candidate) - above.LogDensity(candidate);
            if (best is null || score > bestScore)
                (best, bestScore) = (candidate, double.IsNaN(score) ? double.NegativeInfinity : score);
        }
        return best ?? repeat!;
    }

    private static bool IsTaken(List<double[]> taken, double[] candidate) => taken.Exists(point => point.AsSpan().SequenceEqual(candidate));

    /// <summary>
    /// The values of <paramref name="names"/> in the running trials that agree with <paramref name="trial"/> on every
    /// parameter it already has: choosing one of these would make the two trials evaluate the same configuration.
    /// </summary>
    private static List<double[]> RunningPoints(TpeHistory history, FrozenTrial trial, IReadOnlyList<string> names, IReadOnlyList<Distribution> distributions)
    {
        var points = new List<double[]>();
        foreach (var running in history.Running)
        {
            var agrees = trial.Params.Keys.All(name =>
                running.Values.TryGetValue(name, out var value) && value.Equals(trial.InternalParam(name)));
            var point = new double[names.Count];
            for (var d = 0; d < names.Count && agrees; d++)
                agrees = running.TryGet(names[d], distributions[d], out point[d]);
            if (agrees)
                points.Add(point);
        }
        return points;
    }

    // Weighted by groupWeights where given (the multi-objective "below" group), else by the weights function.
    private ParzenEstimator Fit(IReadOnlyList<TpeObservation> group, IReadOnlyList<double>? groupWeights, IReadOnlyList<string> names,
        IReadOnlyList<Distribution> distributions)
    {
        // Column by column, one array per parameter: a row array per observation was most of what an ask allocated.
        var columns = new double[names.Count][];
        for (var d = 0; d < columns.Length; d++)
            columns[d] = new double[group.Count];
        var kept = groupWeights is null ? null : new double[group.Count];
        var count = 0;
        for (var k = 0; k < group.Count; k++)
        {
            var complete = true;
            for (var d = 0; d < names.Count && complete; d++)
                complete = group[k].TryGet(names[d], distributions[d], out columns[d][count]);
            if (!complete)
                continue;
            if (kept is not null)
                kept[count] = groupWeights![k];
            count++;
        }
        for (var d = 0; d < columns.Length && count < group.Count; d++)
            Array.Resize(ref columns[d], count);
        if (kept is not null)
            return new ParzenEstimator(distributions, columns, kept[..count], _settings);
        var weights = _weights(count);
        if (weights.Length != count || weights.Any(w => !(w >= 0) || !double.IsFinite(w)))
            throw new InvalidOperationException(
                $"weights({count}) must return {count} finite non-negative numbers, got [{string.Join(", ", weights)}]");
        return new ParzenEstimator(distributions, columns, weights, _settings);
    }

    // One read of the study per trial, shared by its relative and independent suggestions.
    private TpeHistory History(Study study, FrozenTrial trial)
    {
        var key = (study, trial.Id);
        lock (_histories)
        {
            if (_histories.TryGetValue(key, out var cached))
                return cached;
        }
        var history = TpeHistory.Read(study, trial, _constantLiar, _gamma, _finished.For(study));
        lock (_histories)
        {
            if (_histories.TryAdd(key, history))
            {
                _historyOrder.Enqueue(key);
                // Trials asked but never told would otherwise stay cached forever.
                while (_historyOrder.Count > CachedTrials)
                    _histories.Remove(_historyOrder.Dequeue());
            }
            return _histories[key];
        }
    }
}
