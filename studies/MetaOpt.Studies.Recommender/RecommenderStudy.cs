using System.Diagnostics;
using System.Globalization;
using MetaOpt.Recommender;

namespace MetaOpt.Studies.Recommender;

/// <summary>
/// A study whose trials train the cold-start recommender: each trial trains with its suggested hyperparameters,
/// reports the validation metric after every epoch (so pruners can stop it) and returns the last one: the MAE, or
/// the metric of <see cref="StudyRunContext.Metric"/> (<see cref="ObjectiveMetric"/>), stored beside it. The baselines
/// (global model zero-shot and fine-tuned, global mean) are computed once per study, on the validation and the test
/// users, and stored as study attributes.
/// A cost study (<see cref="MinimisesCost"/>) returns the metric and a cost (<see cref="CostMetric"/>) instead, and
/// reports no epochs, as multi-objective trials cannot be pruned.
/// A run whose loss becomes NaN or infinite is pruned, with the reason in its <c>diverged</c> attribute.
/// With <see cref="StudyRunContext.Folds"/> K above 1, a trial trains K times, once per fold of
/// <see cref="ColdStartTasks.Folds"/>, and returns the mean validation metric; each fold's MAE is stored under
/// <see cref="RecommenderAttributes.FoldValMaePrefix"/> and its number (the meta-test metrics are means too), and only the first fold
/// reports its epochs (see <c>docs/recommender.md</c>).
/// </summary>
public abstract class RecommenderStudy : IStudyDefinition
{
    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <inheritdoc/>
    public abstract string Description { get; }

    /// <inheritdoc/>
    public virtual SamplerKind DefaultSampler => SamplerKind.Auto;

    /// <inheritdoc/>
    public virtual PrunerKind DefaultPruner => PrunerKind.Median;

    /// <inheritdoc/>
    public virtual int DefaultTrialCount => 30;

    /// <inheritdoc/>
    public virtual int Epochs => 10;

    /// <inheritdoc/>
    public virtual DataRequirement Data => RecommenderAttributes.MovieLens;

    /// <inheritdoc/>
    public StudyDeclarations Declarations => RecommenderAttributes.Declarations;

    /// <inheritdoc/>
    public virtual ISampler WrapSampler(ISampler chosen) => chosen;

    /// <inheritdoc/>
    /// <remarks>A study on MovieLens data also reads <see cref="StudyInputs.DataSubset"/> (<see cref="DatasetSubset"/>); one on generated data does not.</remarks>
    public StudyInputs Inputs => StudyInputs.Device | StudyInputs.Epochs | StudyInputs.Folds | StudyInputs.Metric
        | (Data == DataRequirement.None ? StudyInputs.None : StudyInputs.DataSubset);

    /// <inheritdoc/>
    /// <remarks>Errors (<c>mae</c>, the default, and <c>rmse</c>) are minimised, ranking metrics maximised (<see cref="ObjectiveMetric"/>).</remarks>
    /// <exception cref="InvalidOperationException">A cost study, which has two objectives (<see cref="DirectionsOf"/>).</exception>
    public Direction DirectionOf(string? metric) => MinimisesCost
        ? throw new InvalidOperationException($"Study '{Name}' has two objectives: read DirectionsOf.")
        : ObjectiveMetric.Parse(metric ?? ObjectiveMetric.DefaultName).Direction;

    /// <inheritdoc/>
    /// <remarks>A cost study's metric names its quality and its cost (<see cref="CostMetric"/>).</remarks>
    public IReadOnlyList<Direction> DirectionsOf(string? metric) => MinimisesCost ? CostMetric.Parse(metric).Directions : [DirectionOf(metric)];

    /// <inheritdoc/>
    public IReadOnlyList<Direction> Directions => DirectionsOf(null);

    /// <summary>
    /// Whether the trials minimise a cost beside the metric (<see cref="CostMetric"/>): two objectives, the trials
    /// record their parameter count and seconds per epoch, and report no epochs (multi-objective trials cannot be
    /// pruned). False by default.
    /// </summary>
    protected virtual bool MinimisesCost => false;

    /// <inheritdoc/>
    public bool KeepsArtifacts => true;

    /// <inheritdoc/>
    public abstract IReadOnlyDictionary<string, Distribution> SearchSpace { get; }

    /// <summary>The training settings outside the search space (network shape, support size...); the reference's by default.</summary>
    protected virtual TrainingConfig Defaults => new();

    /// <summary>The generator settings when the study trains on generated users, so its kept models predict without a data folder; null by default.</summary>
    protected virtual SyntheticColdStartOptions? GeneratedData => null;

    /// <summary>The cold-start tasks the trials train on: those of the MovieLens directory, or of its
    /// <see cref="StudyRunContext.DataSubset"/> (<see cref="DatasetSubset"/>).</summary>
    /// <exception cref="ArgumentException">The subset is malformed or does not fit the data.</exception>
    protected virtual ColdStartTasks LoadTasks(StudyRunContext context, TrainingConfig defaults)
    {
        ArgumentNullException.ThrowIfNull(context);
        var directory = context.DataDirectory ?? throw new InvalidOperationException($"Study '{Name}' needs a MovieLens directory (--data).");
        if (context.DataSubset is null)
            return RecommenderTrainer.LoadTasks(directory, defaults);
        // Parsed before the data is read, so a malformed subset is refused at once.
        var subset = DatasetSubset.Parse(context.DataSubset);
        return RecommenderTrainer.BuildTasks(subset.Apply(MovieLensLoader.Load(directory)), defaults);
    }

    /// <inheritdoc/>
    public PreparedStudy Prepare(StudyRunContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cost = MinimisesCost ? CostMetric.Parse(context.Metric) : null;
        var metric = cost?.Quality ?? ObjectiveMetric.Parse(context.Metric ?? ObjectiveMetric.DefaultName);
        var defaults = Defaults with
        {
            Ranking = metric.Ranking,
            Epochs = context.Epochs,
            Device = context.Device,
            Threads = context.Threads,
            Baselines = false,
        };
        // Before the data is loaded: a bad setting (CUDA on a machine without it) is reported at once.
        defaults.Validate();
        var clock = Stopwatch.StartNew();
        context.Log.WriteLine("Preparing the cold-start tasks...");
        var tasks = LoadTasks(context, defaults);
        context.Log.WriteLine(
            $"Data: {tasks.Train.Count} meta-train, {tasks.Validation.Count} meta-validation, {tasks.Test.Count} meta-test users " +
            $"({clock.Elapsed.TotalSeconds:F1} s).");
        // The folds depend on the run's seed alone, so every trial of a study validates on the same users.
        var folds = tasks.Folds(context.Folds, context.Seed);
        if (folds.Count > 1)
            context.Log.WriteLine($"Folds: {folds.Count}, each validating on {folds.Min(f => f.Validation.Count)} to {folds.Max(f => f.Validation.Count)} users.");
        Action<Study, CancellationToken> storeAttributes = (study, cancellation) =>
        {
            // After the pipeline stored the MAE study's: a ranking objective is compared with the baselines on MAE.
            if (metric != ObjectiveMetric.Default)
                RecommenderAttributes.DeclarationsFor(metric).Store(study);
            // Studies stored before the validation-user baselines existed get them on their next run.
            if (!study.UserAttrs.ContainsKey(RecommenderAttributes.GlobalMeanValMae))
                StoreBaselines(study, context, tasks, defaults, cancellation);
            BeforeFirstTrial(study, defaults);
        };
        var metaFeatures = new MetaFeatures(tasks.Statistics.ToDictionary());
        // A cost study has no seeded baselines to confirm against: a confirmation ranks by one objective.
        return cost is null
            ? new PreparedStudy(
                trial => Evaluate(trial, context, folds, defaults, metric, null)[0],
                storeAttributes,
                (seed, cancellation) => BaselinesWithSeed(tasks, defaults, seed, cancellation),
                metaFeatures)
            {
                Ensemble = new EnsembleStage(
                    KeptModelEnsemble.DefaultRounds,
                    (study, topK) => KeptModelEnsemble.Library(Store(study), study, topK).Select(t => t.Number).ToList(),
                    (study, topK, _) => KeptModelEnsemble.Build(
                        study.Name, KeptModelEnsemble.Open(Store(study), KeptModelEnsemble.Library(Store(study), study, topK)),
                        topK, KeptModelEnsemble.DefaultRounds, context.DataDirectory, context.Device)),
            }
            : PreparedStudy.MultiObjective(trial => Evaluate(trial, context, folds, defaults, metric, cost), storeAttributes) with { MetaFeatures = metaFeatures };
    }

    // The study's artifact store, where its trials kept their models.
    private static IArtifactStore Store(Study study) =>
        study.Options.Artifacts ?? throw new ArgumentException($"study '{study.Name}' has no artifact store: its trials kept no models to combine");

    // The study's baselines trained as StoreBaselines trains them, with another seed: a confirmation's runs.
    private static IReadOnlyDictionary<string, double> BaselinesWithSeed(ColdStartTasks tasks, TrainingConfig defaults, int seed, CancellationToken cancellation) =>
        BaselineValues(RecommenderTrainer.Train(tasks, BaselineConfig(defaults, seed), null, cancellation));

    // Each declared baseline's value, by the study attribute that holds it.
    private static Dictionary<string, double> BaselineValues(TrainingResult result) => new()
        {
            [RecommenderAttributes.GlobalZeroShotMae] = result.GlobalZeroShot!.Mae,
            [RecommenderAttributes.GlobalFinetunedMae] = result.GlobalFineTuned!.Mae,
            [RecommenderAttributes.GlobalMeanMae] = result.GlobalMeanMae!.Value,
            [RecommenderAttributes.GlobalZeroShotValMae] = result.GlobalZeroShotValidation!.Mae,
            [RecommenderAttributes.GlobalFinetunedValMae] = result.GlobalFineTunedValidation!.Mae,
            [RecommenderAttributes.GlobalMeanValMae] = result.GlobalMeanValidationMae!.Value,
        };

    private static TrainingConfig BaselineConfig(TrainingConfig defaults, int seed) =>
        defaults with { Algo = MetaAlgorithm.Transfer, Epochs = 1, Seed = seed, Baselines = true };

    /// <summary>Called once the study exists and its baselines are stored, before the first trial of a run; does nothing by default.</summary>
    protected virtual void BeforeFirstTrial(Study study, TrainingConfig defaults)
    {
    }

    /// <summary>Suggests the trial's parameters: every one of <see cref="SearchSpace"/> unless the space is conditional.</summary>
    protected virtual IReadOnlyDictionary<string, object> Suggest(Trial trial) => trial.SuggestAll(SearchSpace);

    // The metric, then with a cost the cost: one value per direction.
    private IReadOnlyList<double> Evaluate(Trial trial, StudyRunContext context, IReadOnlyList<ColdStartTasks> folds, TrainingConfig defaults, ObjectiveMetric metric, CostMetric? cost) =>
        TrainingTrial.Run<IReadOnlyList<double>>(trial, context, device =>
        {
            var config = TrainingParameters.Apply(defaults with { Seed = trial.Seed, Device = device }, Suggest(trial));
            // A searched epoch count (global_epochs) never exceeds the run's: --epochs bounds every strategy.
            config = config with { Epochs = Math.Min(config.Epochs, context.Epochs) };
            // Only the first fold reports its epochs, so a pruner sees the steps of one training, on the same users
            // in every trial; the other folds only complete the mean.
            var reporter = cost is null ? TrainingTrial.Reporter(trial, metric.Label, epoch => metric.Of(epoch.Validation!)) : TrainingTrial.EpochCounter(trial);
            var results = folds.Select((tasks, fold) => RecommenderTrainer.Train(tasks, config, fold > 0 ? null : reporter, trial.CancellationToken)).ToList();
            if (results.Count > 1)
                for (var fold = 0; fold < results.Count; fold++)
                    trial.SetUserAttr(RecommenderAttributes.FoldValMaePrefix + (fold + 1).ToString(CultureInfo.InvariantCulture), results[fold].MetaValidation.Mae);
            var validationMae = results.Average(r => r.MetaValidation.Mae);
            trial.SetUserAttr(RecommenderAttributes.ValMae, validationMae);
            trial.SetUserAttr(RecommenderAttributes.MetaTestMae, results.Average(r => r.MetaTest.Mae));
            trial.SetUserAttr(RecommenderAttributes.MetaTestRmse, results.Average(r => r.MetaTest.Rmse));
            trial.SetUserAttr(RecommenderAttributes.MetaTestNdcg3, results.Average(r => r.MetaTest.Ndcg));
            // With folds, the first fold's model stands for the configuration: the one whose epochs the trial reported.
            // A study run through the API without an artifact store trains all the same and keeps no model.
            if (trial.CanSaveArtifacts)
                KeepModel(trial, GeneratedData is { } generated ? results[0].Model!.WithGeneratedData(generated) : results[0].Model!);
            var objective = validationMae;
            if (metric != ObjectiveMetric.Default)
            {
                objective = results.Average(r => metric.Of(r.MetaValidation));
                trial.SetUserAttr(metric.ValidationKey, objective);
                trial.SetUserAttr(metric.TestKey, results.Average(r => metric.Of(r.MetaTest)));
            }
            if (cost is null)
                return [objective];
            var parameters = Distillation.ParameterCount(folds[0].Schema, config);
            trial.SetUserAttr(RecommenderAttributes.Parameters, parameters);
            trial.SetUserAttr(RecommenderAttributes.SecondsPerEpoch, results.Average(r => r.SteadySecondsPerEpoch));
            return [objective, cost.Of(results, parameters)];
        });

    // The trained network and what rebuilds it, as the trial's artifacts; the study's keep policy decides how long they stay.
    private static void KeepModel(Trial trial, RecommenderModel model)
    {
        using var weights = new MemoryStream();
        using var description = new MemoryStream();
        model.Write(weights, description);
        weights.Position = 0;
        description.Position = 0;
        trial.SaveArtifact(RecommenderModel.WeightsName, weights);
        trial.SaveArtifact(RecommenderModel.DescriptionName, description, "application/json");
    }

    // One global model per study, with the reference's fixed fine-tuning settings, so every trial is compared
    // with the same baselines, on the validation users (the objective's) and the test users. The one transfer
    // epoch is the price of getting them from the training entry point. The attribute that says they are stored is
    // written last, so an interrupted computation is redone.
    private static void StoreBaselines(Study study, StudyRunContext context, ColdStartTasks tasks, TrainingConfig defaults, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        // The first run of a study trains these before any trial (tens of seconds on a CPU): say so, then each step.
        var config = BaselineConfig(defaults, context.Seed);
        context.Log.WriteLine($"Baselines (once per study): 1 transfer epoch, then a global model for {config.GlobalEpochs} epochs...");
        var result = RecommenderTrainer.Train(tasks, config,
            _ => context.Log.WriteLine($"  transfer epoch done ({clock.Elapsed.TotalSeconds:F1} s)"),
            cancellation,
            epoch => context.Log.WriteLine($"  global model epoch {epoch}/{config.GlobalEpochs} ({clock.Elapsed.TotalSeconds:F1} s)"));
        // The validation mean is written last: its presence says the baselines are stored.
        var values = BaselineValues(result);
        foreach (var (key, value) in values)
            study.SetUserAttr(key, value);
        context.Log.WriteLine(
            $"Baselines on the meta-validation users: global zero-shot MAE {values[RecommenderAttributes.GlobalZeroShotValMae]:F4}, " +
            $"fine-tuned {values[RecommenderAttributes.GlobalFinetunedValMae]:F4}, global mean {values[RecommenderAttributes.GlobalMeanValMae]:F4}; " +
            $"on the meta-test users: {values[RecommenderAttributes.GlobalZeroShotMae]:F4}, {values[RecommenderAttributes.GlobalFinetunedMae]:F4}, {values[RecommenderAttributes.GlobalMeanMae]:F4} " +
            $"({clock.Elapsed.TotalSeconds:F1} s).");
    }
}
