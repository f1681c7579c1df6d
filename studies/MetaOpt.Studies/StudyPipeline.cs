using MetaOpt.Execution;

namespace MetaOpt.Studies;

/// <summary>
/// The one sequence a study definition runs through, for the launcher and the bench alike: prepare it (settings
/// checked, data loaded) before anything is stored, wrap the chosen sampler as the definition asks, then, once the
/// caller has created or opened the study, store its declarations and attributes (baselines) and optimise with the prepared objective.
/// Writes nothing to the console: the definition's progress goes to <see cref="StudyRunContext.Log"/>.
/// </summary>
public sealed class StudyPipeline
{
    private readonly IStudyDefinition _definition;
    private readonly PreparedStudy _prepared;

    private StudyPipeline(IStudyDefinition definition, PreparedStudy prepared)
    {
        _definition = definition;
        _prepared = prepared;
    }

    /// <summary>Prepares <paramref name="definition"/> for a run; its exceptions (bad settings, unusable data) pass through.</summary>
    public static StudyPipeline Prepare(IStudyDefinition definition, StudyRunContext context)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(context);
        // Checked before the data is loaded and anything stored, like any other setting that cannot be used.
        if (definition.Declarations.Problem() is { } problem)
            throw new ArgumentException($"Study '{definition.Name}' declares unusable metrics or baselines: {problem}.", nameof(definition));
        return new StudyPipeline(definition, definition.Prepare(context));
    }

    /// <summary>Whether the study can evaluate its baselines per seed (<see cref="PreparedStudy.EvaluateBaselines"/>).</summary>
    public bool EvaluatesBaselines => _prepared.EvaluateBaselines is not null;

    /// <summary>
    /// Evaluates the study's baselines with every seed of the shared list (<see cref="BaselineRuns.Configuration"/>)
    /// that a completed trial trained with and that is not stored yet, storing each run as it ends: the baselines run
    /// on exactly the seeds of the confirmation's repeats (and of an intensifying study's runs), so that each
    /// comparison with them is paired, and a confirmation interrupted and run again evaluates only the missing ones.
    /// Does nothing for a study that cannot.
    /// </summary>
    /// <returns>How many runs were evaluated now.</returns>
    public int ConfirmBaselines(Study study, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(study);
        if (_prepared.EvaluateBaselines is not { } evaluate)
            return 0;
        var done = 0;
        foreach (var seed in BaselineRuns.SeedsToRun(study))
        {
            if (BaselineRuns.Read(study.UserAttrs).Has(seed))
                continue;
            cancellationToken.ThrowIfCancellationRequested();
            BaselineRuns.Add(study, new BaselineRun(seed, evaluate(seed, cancellationToken)));
            done++;
        }
        return done;
    }

    /// <summary>Whether the study can end a run with an ensemble of its kept models (<see cref="Ensemble"/>).</summary>
    public bool BuildsEnsembles => _prepared.Ensemble is not null;

    /// <summary>
    /// The final ensemble stage: combines the study's <paramref name="topK"/> best kept models and stores the result
    /// in the study (<see cref="StudyEnsemble"/>), replacing an earlier one. A stored ensemble chosen from the same
    /// library with the same K and rounds is kept and returned as it is: building it again would give it again, so a
    /// command run twice does not redo the stage, while one run after more trials (a new library) or with another K does.
    /// </summary>
    /// <exception cref="InvalidOperationException">The study cannot build ensembles (<see cref="BuildsEnsembles"/>).</exception>
    /// <exception cref="ArgumentException">The study has several objectives, or its models cannot be combined.</exception>
    /// <exception cref="InvalidDataException">A kept model cannot be read.</exception>
    public EnsembleStageResult Ensemble(Study study, int topK, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(study);
        var stage = _prepared.Ensemble ?? throw new InvalidOperationException($"Study '{_definition.Name}' keeps no models to combine.");
        if (study.IsMultiObjective)
            throw new ArgumentException(
                $"study '{study.Name}' has {study.Directions.Count} objectives: its trials have no single best-first order to choose an ensemble's models from", nameof(study));
        if (StudyEnsemble.Read(study.UserAttrs) is { } stored && stored.IsFrom(stage.Library(study, topK), topK, stage.Rounds))
            return new EnsembleStageResult(stored, Built: false);
        cancellationToken.ThrowIfCancellationRequested();
        var built = stage.Build(study, topK, cancellationToken);
        built.Store(study);
        return new EnsembleStageResult(built, Built: true);
    }

    /// <summary>What the prepared data looks like (<see cref="PreparedStudy.MetaFeatures"/>); null for a study without data.</summary>
    public MetaFeatures? MetaFeatures => _prepared.MetaFeatures;

    /// <summary>The sampler the study's trials draw from: <paramref name="chosen"/> as the definition wraps it.</summary>
    public ISampler WrapSampler(ISampler chosen) => _definition.WrapSampler(chosen);

    /// <summary>
    /// Stores the study's declarations and attributes, then runs its trials with the prepared objective (or what
    /// <see cref="StudyPipelineRun.Evaluate"/> makes of it).
    /// </summary>
    /// <exception cref="OperationCanceledException">The token was cancelled while the attributes were stored, before
    /// <see cref="StudyPipelineRun.AttributesStored"/>; a cancelled optimisation returns <see cref="StopReason.Cancelled"/>.</exception>
    public StopReason Run(Study study, StudyPipelineRun run)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(run);
        _definition.Declarations.Store(study);
        _prepared.StoreStudyAttributes(study, run.CancellationToken);
        // Before the first trial: an automatic warm start compares the study with earlier ones by these.
        _prepared.MetaFeatures?.Store(study);
        if (study.Options.WarmStartFrom is { IsAuto: true } auto && study.Trials.Count == 0)
            EnqueuePortfolio(study, auto, run.Trials);
        run.AttributesStored?.Invoke();
        var values = _prepared.Values;
        var evaluate = run.Evaluate?.Invoke(values) ?? values;
        StopReason Optimize() => study.OptimizeObjectives(
            evaluate,
            trials: run.Trials,
            timeout: run.Timeout,
            parallelism: run.Parallelism,
            callbacks: run.Callbacks,
            devices: run.Devices,
            cancellationToken: run.CancellationToken);
        return run.Drive is { } drive ? drive(Optimize) : Optimize();
    }

    /// <summary>The user attribute naming the earlier study and trial a portfolio trial comes from ("study#number").</summary>
    public const string PortfolioAttr = "warm_start:portfolio";

    /// <summary>
    /// A new study warm-started automatically first evaluates what the earlier studies predict for it
    /// (<see cref="ZeroShotPortfolio"/>): up to 5 configurations, no more than a quarter of the run's trials.
    /// </summary>
    private void EnqueuePortfolio(Study study, WarmStart auto, int? trials)
    {
        var size = Math.Clamp((trials ?? 20) / 4, 1, 5);
        foreach (var entry in ZeroShotPortfolio.Build(study.Storage, _definition.SearchSpace, _prepared.MetaFeatures, size, auto, study.Name))
            study.EnqueueTrial(entry.Params, new Dictionary<string, object> { [PortfolioAttr] = $"{entry.SourceStudy}#{entry.SourceTrial}" });
    }
}

/// <summary>How <see cref="StudyPipeline.Run"/> optimises: the trials to run and the caller's hooks.</summary>
public sealed record StudyPipelineRun
{
    /// <summary>The trials to run in this call (<see langword="null"/>: until <see cref="Timeout"/> or the study's own limit).</summary>
    public int? Trials { get; init; }

    /// <summary>Stops starting trials after this long.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Trials evaluated at once.</summary>
    public int Parallelism { get; init; } = 1;

    /// <summary>The devices trials are spread over, one slot each.</summary>
    public DeviceSlots? Devices { get; init; }

    /// <summary>Called after each trial finishes.</summary>
    public IEnumerable<Action<Study, FrozenTrial>>? Callbacks { get; init; }

    /// <summary>Stops the run: storing the attributes throws, the optimisation stops starting trials.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>Called once the attributes are stored, before the first trial.</summary>
    public Action? AttributesStored { get; init; }

    /// <summary>
    /// What each trial runs, given the prepared objective (a worker process, a progress display around it), as values:
    /// one per direction of the study (<see cref="PreparedStudy.Objectives"/>, or <see cref="PreparedStudy.Objective"/>'s one).
    /// </summary>
    public Func<Func<Trial, IReadOnlyList<double>>, Func<Trial, IReadOnlyList<double>>>? Evaluate { get; init; }

    /// <summary>Runs the optimisation it is given (on another thread, while a display waits on it); by default in this thread.</summary>
    public Func<Func<StopReason>, StopReason>? Drive { get; init; }
}

/// <summary>What <see cref="StudyPipeline.Ensemble"/> did.</summary>
/// <param name="Ensemble">The study's ensemble, as stored.</param>
/// <param name="Built">False when the stored one was current and kept as it was.</param>
public sealed record EnsembleStageResult(StudyEnsemble Ensemble, bool Built);
