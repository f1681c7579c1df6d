using MetaOpt.Samplers;

namespace MetaOpt;

/// <summary>
/// The default sampler: for each trial, the GP (<see cref="GpSampler"/>, warm-started where the study has
/// <see cref="StudyOptions.WarmStartFrom"/>) while the history is small enough for its cost, and multivariate TPE by
/// groups (<see cref="TpeSampler"/> with <see cref="TpeSamplerOptions.Multivariate"/> and
/// <see cref="TpeSamplerOptions.Group"/>) for large histories and for spaces dominated by categorical or conditional
/// parameters. In a multi-objective study, the same TPE (MOTPE) while the study has fewer than
/// <see cref="AutoSamplerOptions.MotpeTrials"/> complete trials, NSGA-II (<see cref="NsgaIISampler"/>) after, breeding
/// from the best of them.
/// </summary>
/// <remarks>
/// <para>The choice is made when a trial is created, from the stored finished trials alone (Complete and Pruned ones:
/// what the GP fits): TPE when there are at least <see cref="AutoSamplerOptions.GpTrials"/> of them, or when
/// more than <see cref="AutoSamplerOptions.TpeShare"/> of the parameters they used are categorical or conditional
/// (missing from some of them); the GP otherwise, including the first trial. A resumed study, or another worker on the
/// same storage, therefore decides as an uninterrupted run would, and the history only grows, so a study switches to
/// TPE at most once on the history's ground.</para>
/// <para>The choice is stored on the trial (<see cref="SamplerAttr"/>: <c>gp</c>, <c>tpe-group</c> or <c>nsga2</c>), and every call
/// for that trial goes to the sampler it names. Every sampler draws from the seed and the trial's number, so a seeded
/// study run with one worker is reproducible. Why the thresholds are where they are: <c>docs/samplers.md</c>.</para>
/// </remarks>
public sealed class AutoSampler : ISampler
{
    /// <summary>System attribute naming the sampler that proposed the trial: <c>gp</c>, <c>tpe-group</c> or <c>nsga2</c>.</summary>
    public const string SamplerAttr = "auto:sampler";

    /// <summary>The value of <see cref="SamplerAttr"/> on a trial the GP proposed.</summary>
    public const string Gp = "gp";

    /// <summary>The value of <see cref="SamplerAttr"/> on a trial TPE (multivariate, by groups; MOTPE with several objectives) proposed.</summary>
    public const string Tpe = "tpe-group";

    /// <summary>The value of <see cref="SamplerAttr"/> on a trial of a multi-objective study that NSGA-II proposed.</summary>
    public const string NsgaII = "nsga2";

    private readonly GpSampler _gp;
    private readonly TpeSampler _tpe;
    private readonly NsgaIISampler _nsga;

    /// <summary>Creates the sampler with the default settings and a random seed.</summary>
    public AutoSampler()
        : this(new AutoSamplerOptions())
    {
    }

    /// <summary>Creates the sampler with the default settings.</summary>
    /// <param name="seed">Seed of both samplers it delegates to; a random seed when null.</param>
    public AutoSampler(int? seed)
        : this(new AutoSamplerOptions { Seed = seed })
    {
    }

    /// <summary>Creates the sampler.</summary>
    /// <param name="options">Its settings.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is outside its range (the exception names it).</exception>
    public AutoSampler(AutoSamplerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        // One seed for both, so an unseeded sampler's two halves are as reproducible from it as a seeded one's.
        var seed = SamplerRandom.Seed(options.Seed);
        _gp = new GpSampler(new GpSamplerOptions { Seed = seed });
        _tpe = new TpeSampler(new TpeSamplerOptions { Seed = seed, Multivariate = true, Group = true });
        _nsga = new NsgaIISampler(seed);
        GpTrials = options.GpTrials;
        TpeShare = options.TpeShare;
        MotpeTrials = options.MotpeTrials;
    }

    /// <summary>Finished trials below which the GP proposes.</summary>
    public int GpTrials { get; }

    /// <summary>Share of categorical or conditional parameters above which TPE proposes.</summary>
    public double TpeShare { get; }

    /// <summary>Complete trials of a multi-objective study below which TPE proposes, and from which on NSGA-II does.</summary>
    public int MotpeTrials { get; }

    /// <summary>The sampler the next trial of <paramref name="study"/> gets: <see cref="Gp"/> or <see cref="Tpe"/>, or in a multi-objective study <see cref="Tpe"/> or <see cref="NsgaII"/>.</summary>
    /// <param name="study">A study; only its stored finished trials are read.</param>
    public string Choose(Study study)
    {
        ArgumentNullException.ThrowIfNull(study);
        if (study.IsMultiObjective)
            return study.GetTrials(TrialState.Complete).Count < MotpeTrials ? Tpe : NsgaII;
        return Choose(GpSampler.Minimised(study).Select(o => o.Trial).ToList(), GpTrials, TpeShare);
    }

    /// <summary>The choice for a history of finished trials (those the GP fits).</summary>
    internal static string Choose(IReadOnlyList<FrozenTrial> finished, int gpTrials, double tpeShare)
    {
        if (finished.Count >= gpTrials)
            return Tpe;
        var space = GpSampler.Union(finished.Select(t => t.Distributions));
        if (space.Count == 0)
            return Gp;
        var awkward = space.Count(kv => kv.Value is CategoricalDistribution || finished.Any(t => !t.Distributions.ContainsKey(kv.Key)));
        return awkward > tpeShare * space.Count ? Tpe : Gp;
    }

    /// <inheritdoc/>
    public void BeforeTrial(Study study, FrozenTrial trial)
    {
        var choice = Choose(study);
        study.SetTrialSystemAttr(trial.Id, SamplerAttr, choice);
        For(choice).BeforeTrial(study, trial);
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, Distribution> InferRelativeSearchSpace(Study study, FrozenTrial trial) =>
        For(study, trial).InferRelativeSearchSpace(study, trial);

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> SampleRelative(
        Study study, FrozenTrial trial, IReadOnlyDictionary<string, Distribution> searchSpace) =>
        For(study, trial).SampleRelative(study, trial, searchSpace);

    /// <inheritdoc/>
    public double SampleIndependent(Study study, FrozenTrial trial, string name, Distribution distribution) =>
        For(study, trial).SampleIndependent(study, trial, name, distribution);

    /// <inheritdoc/>
    public void AfterTrial(Study study, FrozenTrial trial, TrialState state, double? value)
    {
        // All three: each only forgets what it cached for the trial, and a trial told from another process carries no choice here.
        _gp.AfterTrial(study, trial, state, value);
        _tpe.AfterTrial(study, trial, state, value);
        _nsga.AfterTrial(study, trial, state, value);
    }

    /// <inheritdoc/>
    /// <remarks>True: a multi-objective study gets MOTPE, then NSGA-II.</remarks>
    public bool SupportsMultiObjective => true;

    // The sampler stored on the trial; a trial created before this sampler served the study is decided now.
    private ISampler For(Study study, FrozenTrial trial) =>
        For(trial.SystemAttrs.GetValueOrDefault(SamplerAttr) as string ?? Choose(study));

    private ISampler For(string choice) => choice switch
    {
        Tpe => _tpe,
        NsgaII => _nsga,
        _ => _gp,
    };
}
