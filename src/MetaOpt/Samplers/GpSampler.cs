using System.Globalization;
using MathNet.Numerics.Distributions;
using MetaOpt.Samplers;
using MetaOpt.Samplers.Gp;
using MetaOpt.Samplers.Qmc;
using MetaOpt.SearchSpace;

namespace MetaOpt;

/// <summary>
/// Gaussian-process Bayesian optimisation: a Matérn-5/2 ARD GP over the search space, proposals by maximising log
/// expected improvement; optionally warm-started from earlier studies (<see cref="StudyOptions.WarmStartFrom"/>).
/// </summary>
/// <remarks>
/// <para>Parameters are modelled in the unit cube in their own space (log, snapped to integer and step grids,
/// categoricals by equality); in a conditional space each branch's parameters are modelled from the trials that took
/// it. The first <see cref="GpSamplerOptions.StartupTrials"/> trials follow a quasi-random design
/// (<see cref="GpSamplerOptions.StartupDesign"/>, scrambled Halton by default). Pruned trials count with their last
/// reported value, failed ones not. Trials still running enter the model at its own prediction (kriging believer), so
/// parallel workers propose different points.</para>
/// <para>With earlier studies (<see cref="StudyOptions.WarmStartFrom"/>) the new study's GP is stacked on their GPs,
/// weighted by RGPE's ranking weights (or on one GP of their copula quantiles, <see cref="GpSamplerOptions.Transfer"/>),
/// and there are no start-up trials, except that <see cref="WarmStart.Auto"/>
/// makes the first trial a design point, and a study whose earlier studies all lose their weight runs the whole design
/// (marked <see cref="DesignAttr"/>). Each proposal's weights are kept in <see cref="WeightsAttr"/>.</para>
/// <para>The noise variance is fitted with the kernel, so repeated evaluations of one configuration with different
/// values are read as noise; <see cref="PosteriorIncumbent"/> names the configuration with the best posterior mean.</para>
/// <para>Reproducible for a seed with one worker; each trial draws from its own stream of the seed and its number.
/// The model, the reasons behind its choices and its measured cost are in <c>docs/surrogate.md</c>.</para>
/// </remarks>
public sealed class GpSampler : ISampler
{
    /// <summary>System attribute holding the weights of the earlier studies behind a warm-started proposal.</summary>
    public const string WeightsAttr = "gp:weights";

    /// <summary>System attribute marking a warm-started trial drawn from the quasi-random design because every earlier study lost its weight.</summary>
    public const string DesignAttr = "gp:design";

    /// <summary>
    /// System attribute marking the one trial of a warm start (stacked RGPE) drawn from the quasi-random design rather
    /// than proposed by the earlier studies' model, so the ranking test has a point the model did not choose.
    /// </summary>
    public const string ProbeAttr = "gp:probe";

    private const int BootstrapSamples = 256;
    private const int MaxSourcePoints = 200;

    /// <summary>With <see cref="TransferMethod.GaussianCopula"/>: the most earlier observations the pooled prior GP is fitted on.</summary>
    private const int MaxPooledPoints = 400;

    /// <summary>Observations up to which the kernel is refitted at every proposal.</summary>
    private const int RefitEveryTrialUpTo = 100;

    private readonly int _seed;
    private readonly object _lock = new();
    private readonly QmcSequence? _startupDesign;
    private readonly Dictionary<string, (KernelParameters Parameters, int FullFitCount, int FitCount)> _fits = new();
    // Keyed by study as well: trial ids are unique only within a storage, and one sampler may serve several studies.
    private readonly Dictionary<(Study Study, long TrialId), (string SpaceKey, double[] Point)> _pending = new();
    private readonly Dictionary<string, List<(string Name, GaussianProcess Model, IReadOnlyList<double[]> Points)>> _sourceModels = new();
    private readonly Dictionary<string, IReadOnlyList<SourceStudy>> _sources = new();

    /// <summary>Creates the sampler with the default settings and a random seed.</summary>
    public GpSampler()
        : this(new GpSamplerOptions())
    {
    }

    /// <summary>Creates the sampler with the default settings.</summary>
    /// <param name="seed">Seed of every random choice; a random seed when null.</param>
    public GpSampler(int? seed)
        : this(new GpSamplerOptions { Seed = seed })
    {
    }

    /// <summary>Creates the sampler.</summary>
    /// <param name="options">Its settings.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is below its minimum (the exception names it).</exception>
    public GpSampler(GpSamplerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _seed = SamplerRandom.Seed(options.Seed);
        _startupDesign = options.StartupDesign is { } design ? QmcSequence.Create(design, _seed) : null;
        StartupTrials = options.StartupTrials;
        Candidates = options.Candidates;
        LocalSearches = options.LocalSearches;
        FullRefitInterval = options.FullRefitInterval;
        Transfer = options.Transfer;
    }

    /// <summary>Creates the sampler from Optuna-style arguments.</summary>
    [Obsolete("Use new GpSampler(new GpSamplerOptions { ... }); this constructor goes in the next release.")]
    public GpSampler(int? seed = null, int nStartupTrials = 10, int candidates = 1024, int localSearches = 5, int fullRefitInterval = 10)
        : this(new GpSamplerOptions
        {
            Seed = seed, StartupTrials = nStartupTrials, Candidates = candidates, LocalSearches = localSearches, FullRefitInterval = fullRefitInterval,
        })
    {
    }

    /// <summary>Trials drawn from the quasi-random design before the GP is used.</summary>
    public int StartupTrials { get; }

    /// <summary>The old name of <see cref="StartupTrials"/>.</summary>
    [Obsolete("Use StartupTrials; this property goes in the next release.")]
    public int NStartupTrials => StartupTrials;

    /// <summary>Quasi-random points scored per proposal.</summary>
    public int Candidates { get; }

    /// <summary>Best candidates refined by local search per proposal.</summary>
    public int LocalSearches { get; }

    /// <summary>New observations between full hyperparameter fits.</summary>
    public int FullRefitInterval { get; }

    /// <summary>How earlier studies enter the model.</summary>
    public TransferMethod Transfer { get; }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, Distribution> InferRelativeSearchSpace(Study study, FrozenTrial trial)
    {
        var finished = Finished(study);
        if (finished.Count == 0 && study.Options.WarmStartFrom is { } warm)
            return Intersection(Sources(study, warm, []).SelectMany(s => s.Trials).Select(t => t.Distributions));
        return Union(finished.Select(t => t.Distributions));
    }

    // The parameters every space has with one distribution. Earlier studies' trials are encoded by parameter values
    // alone, so their space is what all of them share; CMA-ES searches what every complete trial shares.
    internal static Dictionary<string, Distribution> Intersection(IEnumerable<IReadOnlyDictionary<string, Distribution>> spaces)
    {
        Dictionary<string, Distribution>? intersection = null;
        foreach (var distributions in spaces)
        {
            if (intersection is null)
                intersection = distributions.Where(kv => !kv.Value.IsSingle).ToDictionary();
            else
                foreach (var name in intersection.Keys.ToList())
                    if (!distributions.TryGetValue(name, out var d) || !d.Equals(intersection[name]))
                        intersection.Remove(name);
        }
        return intersection ?? new Dictionary<string, Distribution>();
    }

    // Every parameter any trial used, except those seen with two distributions (their values do not compare).
    internal static Dictionary<string, Distribution> Union(IEnumerable<IReadOnlyDictionary<string, Distribution>> spaces)
    {
        var union = new Dictionary<string, Distribution>();
        var conflicting = new HashSet<string>();
        foreach (var distributions in spaces)
            foreach (var (name, distribution) in distributions)
                if (!union.TryAdd(name, distribution) && !union[name].Equals(distribution))
                    conflicting.Add(name);
        return union.Where(kv => !kv.Value.IsSingle && !conflicting.Contains(kv.Key)).ToDictionary();
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> SampleRelative(
        Study study, FrozenTrial trial, IReadOnlyDictionary<string, Distribution> searchSpace)
    {
        if (searchSpace.Count == 0)
            return new Dictionary<string, double>();
        var space = new UnitCubeSpace(searchSpace);
        var observations = Observations(space, Minimised(study));
        var conditions = BranchConditions.Infer(space, observations.Select(o => o.Trial).ToList());
        var running = study.GetTrials(TrialState.Running);
        // The trial's own stream (see SamplerRandom): workers sharing the storage and the seed propose differently.
        var random = SamplerRandom.ForTrial(_seed, trial.Number);
        lock (_lock)
        {
            var sources = study.Options.WarmStartFrom is { } warm ? SourceModels(study, warm, space) : [];
            if (sources.Count == 0 && observations.Count < StartupTrials)
                return new Dictionary<string, double>();

            var (x, y) = Targets(observations);
            var probed = Probed(observations);
            var (prior, weights) = Prior(sources, x, y, random, probed);
            // Every earlier study judged worthless before this one has a start-up design of its own: run the whole
            // design (the probe being its first point), as a cold start would, rather than fit a GP on the few points
            // the earlier studies pointed to. Judged once there are enough points to test a ranking against chance,
            // and kept to once started.
            var designTrials = study.GetTrials(TrialState.Complete, TrialState.Pruned, TrialState.Failed).Count(t => t.SystemAttrs.ContainsKey(DesignAttr));
            if (designTrials > 0 ? designTrials + (probed ? 1 : 0) < StartupTrials
                : !prior.HasPrior && x.Count >= MinObservationsForChanceTest(probed) && x.Count < StartupTrials)
            {
                study.SetTrialSystemAttr(trial.Id, DesignAttr, true);
                return new Dictionary<string, double>();
            }
            // The probe: after the first proposal from the earlier studies' model, one design point. The model's own
            // proposals all look good to it, so it ranks them about as well as a coin toss, related or not; a point it
            // did not choose is what tells a model that knows the new objective from one that does not (docs/surrogate.md).
            // Not an enqueued trial (the zero-shot portfolio's, say): its values are chosen already.
            if (Transfer == TransferMethod.StackedRgpe && prior.HasPrior && x.Count is >= 1 and < RankingWeights.MinObservationsForChanceTest
                && trial.FixedParams.Count == 0
                && !study.GetTrials(TrialState.Running, TrialState.Complete, TrialState.Pruned, TrialState.Failed).Any(t => t.SystemAttrs.ContainsKey(ProbeAttr)))
            {
                study.SetTrialSystemAttr(trial.Id, ProbeAttr, true);
                return new Dictionary<string, double>();
            }
            var busy = RunningPoints(study, space, running, trial.Id);
            var (surrogate, believed) = Surrogate(space, sources, prior, x, y, busy, random);

            var sourcePoints = sources.SelectMany(s => s.Points.Take(5)).ToList();
            // Before the new study has any value, the incumbent is the best the earlier studies promise: the prior's
            // lowest mean at their best points. Improvement is measured from the best value, not from the lowest
            // posterior mean (PosteriorIncumbent), which did worse on deterministic functions (docs/surrogate.md).
            var best = x.Count + busy.Count > 0 ? y.Concat(believed).Min() : sourcePoints.Min(p => surrogate.Predict(p).Mean);
            var seeds = x.Select((p, i) => (p, y[i])).OrderBy(o => o.Item2).Take(5).Select(o => o.p).Concat(sourcePoints);
            var point = new AcquisitionOptimizer(space, Candidates, LocalSearches, conditions, FixedCoordinates(space, trial))
                .Maximize(surrogate, best, seeds, random);
            _pending[(study, trial.Id)] = (space.Key, point);
            if (sources.Count > 0)
                study.SetTrialSystemAttr(trial.Id, WeightsAttr, DescribeWeights(sources.Select(s => s.Name), weights));
            return Enumerable.Range(0, space.Dimensions).ToDictionary(j => space.Names[j], j => space.FromUnit(j, point[j]));
        }
    }

    // The trial's enqueued values, as coordinates; a value its parameter's distribution refuses is left to the trial to report.
    internal static Dictionary<int, double> FixedCoordinates(UnitCubeSpace space, FrozenTrial trial)
    {
        var coordinates = new Dictionary<int, double>();
        var fixedParams = trial.FixedParams;
        for (var j = 0; j < space.Dimensions; j++)
        {
            if (!fixedParams.TryGetValue(space.Names[j], out var value))
                continue;
            double internalValue;
            try
            {
                internalValue = space.Distributions[j].ToInternal(value);
            }
            catch (ArgumentException)
            {
                continue;
            }
            coordinates[j] = space.ToUnit(j, internalValue);
        }
        return coordinates;
    }

    /// <inheritdoc/>
    public double SampleIndependent(Study study, FrozenTrial trial, string name, Distribution distribution)
    {
        // The start-up design, for start-up trials and for parameters outside the modelled space alike.
        return _startupDesign is null
            ? SearchSpaceTransform.SampleUniform(SamplerRandom.ForTrial(_seed, trial.Number, name), distribution)
            : _startupDesign.Sample(trial, distribution);
    }

    /// <inheritdoc/>
    public void AfterTrial(Study study, FrozenTrial trial, TrialState state, double? value)
    {
        lock (_lock)
            _pending.Remove((study, trial.Id));
    }

    /// <summary>
    /// The finished trial whose configuration the model believes best: the best posterior mean among the
    /// configurations evaluated, where repeats of one configuration (same parameters, other values) are observations
    /// of one point and the fitted noise says how far to trust each. With a noisy objective the best single value is
    /// partly luck; this is the configuration to keep. Without noise it is the trial with the best value.
    /// </summary>
    /// <remarks>
    /// Computed on demand from the stored trials, with the model the proposals use (warm start included) but a fit of
    /// its own, so calling it changes no later proposal. Costs about one proposal.
    /// </remarks>
    /// <param name="study">A study this sampler samples (or any study whose trials it can model).</param>
    /// <returns>The earliest trial of that configuration; null when no trial has finished with a value.</returns>
    public FrozenTrial? PosteriorIncumbent(Study study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var finished = Finished(study);
        var searchSpace = Union(finished.Select(t => t.Distributions));
        // Nothing varies: every finished trial is a repeat of one configuration.
        if (searchSpace.Count == 0)
            return finished.MinBy(t => t.Number);
        var space = new UnitCubeSpace(searchSpace);
        var observations = Observations(space, Minimised(study));
        if (observations.Count == 0)
            return null;
        var random = SamplerRandom.ForTrial(_seed, -1);
        lock (_lock)
        {
            var sources = study.Options.WarmStartFrom is { } warm ? SourceModels(study, warm, space) : [];
            var (x, y) = Targets(observations);
            var (prior, _) = Prior(sources, x, y, random, Probed(observations));
            var (surrogate, _) = Surrogate(space, sources, prior, x, y, [], random, remember: false);
            return observations
                .Where(o => HasValue(o.Trial))
                .GroupBy(o => o.Trial.ConfigurationKey)
                .MinBy(g => surrogate.Predict(g.First().Point).Mean)!
                .Select(o => o.Trial)
                .MinBy(t => t.Number);
        }
    }

    /// <summary>The observed trials this space encodes, with their points and their values to minimise.</summary>
    private static List<(FrozenTrial Trial, double[] Point, double Value)> Observations(UnitCubeSpace space, List<(FrozenTrial Trial, double Value)> minimised) =>
        minimised
            .Select(o => (o.Trial, Point: space.Encode(o.Trial), o.Value))
            .Where(o => o.Point is not null)
            .Select(o => (o.Trial, o.Point!, o.Value))
            .ToList();

    /// <summary>
    /// The model's inputs and its targets: the values warped and standardised. Under the copula method too: the new
    /// study's copula quantiles, as GC3P has them, lose the magnitudes a search needs near the optimum (docs/surrogate.md).
    /// </summary>
    private static (List<double[]> X, double[] Y) Targets(List<(FrozenTrial Trial, double[] Point, double Value)> observations) =>
        (observations.Select(o => o.Point).ToList(), Standardize(Warp(observations.Select(o => o.Value).ToArray())));

    /// <summary>Whether the probe (<see cref="ProbeAttr"/>) is among the observations.</summary>
    private static bool Probed(List<(FrozenTrial Trial, double[] Point, double Value)> observations) =>
        observations.Any(o => o.Trial.SystemAttrs.ContainsKey(ProbeAttr));

    /// <summary>
    /// Observations from which an earlier study ranking them worse than chance loses its weight: fewer once the probe
    /// is among them, since its pairs with the proposals are evidence the proposals alone cannot give.
    /// </summary>
    private static int MinObservationsForChanceTest(bool probed) =>
        probed ? RankingWeights.MinObservationsWithProbe : RankingWeights.MinObservationsForChanceTest;

    /// <summary>
    /// The earlier studies' GPs as a prior mean: under stacked RGPE weighted by how well each ranks this study's
    /// values, under the copula method the one pooled GP at weight 1.
    /// </summary>
    private (StackedSurrogate Prior, double[] Weights) Prior(
        List<(string Name, GaussianProcess Model, IReadOnlyList<double[]> Points)> sources, List<double[]> x, double[] y, Random random, bool probed)
    {
        ISurrogate[] sourceModels = [.. sources.Select(s => s.Model)];
        var weights = Transfer == TransferMethod.GaussianCopula
            ? [.. sources.Select(_ => 1.0)]
            : RankingWeights.Compute(sourceModels, x, y, BootstrapSamples, random, MinObservationsForChanceTest(probed));
        return (new StackedSurrogate(sourceModels, weights, null, 0, 1, 0), weights);
    }

    /// <summary>Finished trials with a value (the GP's and the random forest's space): Complete, and Pruned with a last reported value.</summary>
    internal static List<FrozenTrial> Finished(Study study) =>
        study.GetTrials(TrialState.Complete, TrialState.Pruned).Where(HasValue).ToList();

    /// <summary>
    /// What the GP and the random forest learn from, in trial order, with values to minimise: the <see cref="Finished"/>
    /// trials, and each trial pruned without a finite report (a training that diverged at once) at the worst of their
    /// values. Left out, such a trial changes nothing the model knows, and the GP proposed the point that diverged
    /// again, 18 times in a row on synthetic-cold-start. None while no trial has a value.
    /// </summary>
    internal static List<(FrozenTrial Trial, double Value)> Minimised(Study study)
    {
        var sign = study.Direction.Sign();
        var trials = study.GetTrials(TrialState.Complete, TrialState.Pruned);
        var values = trials.Where(HasValue).Select(t => sign * t.Value!.Value).ToList();
        if (values.Count == 0)
            return [];
        var worst = values.Max();
        return trials
            .Where(t => HasValue(t) || t.State == TrialState.Pruned)
            .Select(t => (t, HasValue(t) ? sign * t.Value!.Value : worst))
            .ToList();
    }

    private static bool HasValue(FrozenTrial trial) => trial.Value is { } v && double.IsFinite(v);

    /// <summary>
    /// log(v − min + median gap): a monotone warp that keeps the good end of the values nearly linear and compresses
    /// the bad tail, so a few huge values (Rosenbrock's walls, diverged trainings) do not flatten the GP's picture of
    /// the region that matters. Values with no spread are returned as they are.
    /// </summary>
    internal static double[] Warp(double[] values)
    {
        if (values.Length < 2)
            return values;
        var min = values.Min();
        var gaps = values.Select(v => v - min).Order().ToArray();
        var offset = gaps[gaps.Length / 2];
        if (!(offset > 0))
            offset = gaps[^1];
        if (!(offset > 0))
            return values;
        return values.Select(v => Math.Log(v - min + offset)).ToArray();
    }

    /// <summary>
    /// The Gaussian-copula transform of Salinas, Shen and Perrone (2020): Φ⁻¹ of each value's empirical CDF
    /// (the share of values at or below it), winsorised to [δ, 1 − δ] with δ = 1 / (4 n^¼ √(π ln n)) so the extremes
    /// stay finite. Only ranks matter, so studies of other scales, or with a few huge values, map alike. Zeros below two values.
    /// </summary>
    internal static double[] GaussianCopula(double[] values)
    {
        var n = values.Length;
        if (n < 2)
            return new double[n];
        var delta = 1 / (4 * Math.Pow(n, 0.25) * Math.Sqrt(Math.PI * Math.Log(n)));
        var sorted = values.Order().ToArray();
        return values.Select(v =>
        {
            // The number of values at or below v: one past the last index of v in the sorted values.
            var index = Array.BinarySearch(sorted, v);
            while (index + 1 < n && sorted[index + 1] == v)
                index++;
            return Normal.InvCDF(0, 1, Math.Clamp((index + 1.0) / n, delta, 1 - delta));
        }).ToArray();
    }

    /// <summary>Standardises values to mean 0 and standard deviation 1 (1 when they are all equal).</summary>
    internal static double[] Standardize(double[] values) => StandardizeWithMoments(values).Values;

    /// <summary>The standardised values with the mean and standard deviation that undo it.</summary>
    private static (double[] Values, double Mean, double Std) StandardizeWithMoments(double[] values)
    {
        if (values.Length == 0)
            return (values, 0, 1);
        var mean = values.Average();
        var std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
        if (!(std > 1e-12))
            std = 1;
        return (values.Select(v => (v - mean) / std).ToArray(), mean, std);
    }

    /// <summary>
    /// The model proposals are made on: the new study's GP of what <paramref name="prior"/> leaves unexplained (the
    /// standardised residuals y − prior), stacked on it; with no prior, the new study's plain GP of y. Trials still
    /// running enter that GP as noise-free fantasies at its own prediction (kriging believer), returned in the units
    /// of <paramref name="y"/>.
    /// </summary>
    /// <remarks>
    /// The residual GP gets its own kernel fit, started from the earlier studies' kernel (geometric mean of their fits),
    /// which stands in for the fit while this study has fewer points than a start-up design; see <c>docs/surrogate.md</c>.
    /// </remarks>
    private (StackedSurrogate Surrogate, double[] Believed) Surrogate(
        UnitCubeSpace space, List<(string Name, GaussianProcess Model, IReadOnlyList<double[]> Points)> sources, StackedSurrogate prior,
        List<double[]> x, double[] y, List<double[]> busy, Random random, bool remember = true)
    {
        var (residuals, mean, scale) = prior.HasPrior
            ? StandardizeWithMoments([.. x.Select((p, i) => y[i] - prior.PriorMean(p))])
            : (y, 0.0, 1.0);
        var transferred = sources.Count == 0 ? null : KernelParameters.FromLog(
            [.. Enumerable.Range(0, space.Dimensions + 2).Select(i => sources.Average(s => s.Model.Parameters.ToLog()[i]))]);
        // While this study has fewer points than a start-up design, the earlier studies' kernel stands in for the fit.
        var kernel = x.Count < StartupTrials && transferred is not null ? transferred
            : FitKernel(space, prior.HasPrior ? space.Key + "|residuals" : space.Key, x, residuals, transferred, random, remember);
        var residual = x.Count > 0 ? new GaussianProcess(x, residuals, kernel, space.IsCategorical) : null;
        var surrogate = prior.WithResidual(residual, mean, scale, kernel.SignalVariance);
        if (busy.Count == 0)
            return (surrogate, []);
        var believedResiduals = busy.Select(p => residual?.Predict(p).Mean ?? 0).ToArray();
        surrogate = prior.WithResidual(
            new GaussianProcess([.. x, .. busy], [.. residuals, .. believedResiduals], kernel, space.IsCategorical, exactFrom: x.Count),
            mean, scale, kernel.SignalVariance);
        return (surrogate, busy.Select(p => surrogate.Predict(p).Mean).ToArray());
    }

    /// <summary>
    /// Hyperparameters for this data: a full multi-start fit every <see cref="FullRefitInterval"/> observations, else a
    /// short warm-started one. Past <see cref="RefitEveryTrialUpTo"/> observations, where a fit costs O(n³) per step
    /// and one more point barely moves the optimum, the short fit runs every n/50 new observations and the full one
    /// every n/10 (at least every <see cref="FullRefitInterval"/>); in between the last fit is reused.
    /// </summary>
    /// <param name="space">The modelled space.</param>
    /// <param name="key">Which fit this continues: one per space and kind of target (the values, or residuals from a prior).</param>
    /// <param name="x">The points.</param>
    /// <param name="y">The standardised targets.</param>
    /// <param name="transferred">The earlier studies' kernel, one more start of every full fit; null without them.</param>
    /// <param name="random">The trial's stream, for the random starts of a full fit.</param>
    /// <param name="remember">Whether this fit is the one later proposals continue; a fit that is not is always full.</param>
    private KernelParameters FitKernel(
        UnitCubeSpace space, string key, List<double[]> x, double[] y, KernelParameters? transferred, Random random, bool remember = true)
    {
        var n = x.Count;
        var known = _fits.TryGetValue(key, out var previous);
        var large = n > RefitEveryTrialUpTo;
        var full = !remember || !known || n >= previous.FullFitCount + (large ? Math.Max(FullRefitInterval, n / 10) : FullRefitInterval);
        if (!full && large && n < previous.FitCount + (n + 49) / 50)
            return previous.Parameters;
        IEnumerable<KernelParameters> starts = full
            ? [KernelParameters.Default(space.Dimensions), .. KernelFitter.RandomStarts(space.Dimensions, 2, random), .. transferred is null ? [] : new[] { transferred }]
            : [];
        if (known)
            starts = starts.Prepend(previous.Parameters);
        var fitted = KernelFitter.Fit(x, y, space.IsCategorical, starts, full ? 50 : 15);
        if (remember)
            _fits[key] = (fitted, full ? n : previous.FullFitCount, n);
        return fitted;
    }

    /// <summary>Points of other trials still running: our own proposals, and complete parameter sets of trials started elsewhere.</summary>
    private List<double[]> RunningPoints(Study study, UnitCubeSpace space, IReadOnlyList<FrozenTrial> running, long currentTrialId)
    {
        var points = new List<double[]>();
        foreach (var t in running)
        {
            if (t.Id == currentTrialId)
                continue;
            if (_pending.TryGetValue((study, t.Id), out var pending) && pending.SpaceKey == space.Key)
                points.Add(pending.Point);
            else if (space.Encode(t, complete: true) is { } encoded)
                points.Add(encoded);
        }
        return points;
    }

    private IReadOnlyList<SourceStudy> Sources(Study study, WarmStart warm, IReadOnlyCollection<string> names)
    {
        var key = study.Name + "|" + string.Join(",", names);
        lock (_lock)
        {
            if (!_sources.TryGetValue(key, out var sources))
                _sources[key] = sources = warm.Resolve(study, names);
            return sources;
        }
    }

    /// <summary>
    /// The prior's GPs over this space, fitted once and cached: under stacked RGPE one per earlier study (values warped
    /// and standardised), under the copula method one over every earlier study's points and copula quantiles
    /// (named by the studies, joined by "+"), its points best quantile first.
    /// </summary>
    private List<(string Name, GaussianProcess Model, IReadOnlyList<double[]> Points)> SourceModels(Study study, WarmStart warm, UnitCubeSpace space)
    {
        var key = study.Name + "|" + space.Key;
        if (_sourceModels.TryGetValue(key, out var cached))
            return cached;
        var studies = new List<(string Name, List<double[]> X, double[] Y)>();
        var resolved = Sources(study, warm, space.Names.ToList());
        // Pooled, every study gets an equal share of the pooled GP's points.
        var limit = Transfer == TransferMethod.GaussianCopula ? Math.Min(MaxSourcePoints, MaxPooledPoints / Math.Max(1, resolved.Count)) : MaxSourcePoints;
        foreach (var source in resolved)
        {
            var sign = source.Direction.Sign();
            var data = source.Trials
                .Select(t => (Point: space.EncodeExternal(t.Params), Value: sign * t.Value!.Value))
                .Where(o => o.Point is not null)
                .OrderBy(o => o.Value)
                .ToList();
            if (data.Count < 2)
                continue;
            if (data.Count > limit)
            {
                // Keep the best half of the budget (where the next study's optimum likely is) and a random spread of the rest.
                var rest = data.Skip(limit / 2).ToArray();
                new Random(_seed).Shuffle(rest);
                data = [.. data.Take(limit / 2), .. rest.Take(limit - limit / 2).OrderBy(o => o.Value)];
            }
            var values = data.Select(o => o.Value).ToArray();
            studies.Add((source.Name, data.Select(o => o.Point!).ToList(),
                Transfer == TransferMethod.GaussianCopula ? GaussianCopula(values) : Standardize(Warp(values))));
        }
        if (Transfer == TransferMethod.GaussianCopula && studies.Count > 0)
        {
            var pooled = studies.SelectMany(s => s.X.Zip(s.Y)).OrderBy(o => o.Second).ToList();
            studies = [(string.Join("+", studies.Select(s => s.Name)), [.. pooled.Select(o => o.First)], [.. pooled.Select(o => o.Second)])];
        }
        var models = studies.Select(s => (s.Name, Fit(space, s.X, s.Y), (IReadOnlyList<double[]>)s.X)).ToList();
        _sourceModels[key] = models;
        return models;
    }

    /// <summary>An earlier study's GP: a full fit from the default and two random starts.</summary>
    private GaussianProcess Fit(UnitCubeSpace space, List<double[]> x, double[] y)
    {
        var parameters = KernelFitter.Fit(x, y, space.IsCategorical,
            [KernelParameters.Default(space.Dimensions), .. KernelFitter.RandomStarts(space.Dimensions, 2, new Random(_seed))], 50);
        return new GaussianProcess(x, y, parameters, space.IsCategorical);
    }

    private static string DescribeWeights(IEnumerable<string> sourceNames, double[] weights) =>
        string.Join(";", sourceNames.Zip(weights, (n, w) => n + "=" + w.ToString("0.###", CultureInfo.InvariantCulture)));
}
