namespace MetaOpt.Studies.Recommender;

/// <summary>
/// The metrics the recommender studies store with each trial and the baselines they store with each study, and their
/// <see cref="Declarations"/>, through which reports and <c>metaopt best</c> compare the best trial with the baselines.
/// </summary>
public static class RecommenderAttributes
{
    /// <summary>Validation MAE of the trial's final model (the objective of the recommender studies).</summary>
    public const string ValMae = "val_mae";

    /// <summary>The prefix of each fold's validation MAE (<c>val_mae_fold_1</c>, ...) in a trial run with <c>--folds</c>.</summary>
    public const string FoldValMaePrefix = "val_mae_fold_";

    /// <summary>Meta-test MAE of the trial's model.</summary>
    public const string MetaTestMae = "meta_test_mae";

    /// <summary>Meta-test RMSE of the trial's model.</summary>
    public const string MetaTestRmse = "meta_test_rmse";

    /// <summary>Meta-test nDCG@3 of the trial's model.</summary>
    public const string MetaTestNdcg3 = "meta_test_ndcg3";

    /// <summary>The trained network's parameter count, Meta-SGD's learned rates included (recorded by the cost studies).</summary>
    public const string Parameters = "parameters";

    /// <summary>The training seconds of a typical epoch (<see cref="MetaOpt.Recommender.TrainingResult.SteadySecondsPerEpoch"/>; recorded by the cost studies).</summary>
    public const string SecondsPerEpoch = "seconds_per_epoch";

    /// <summary>Study attribute: the global model's zero-shot meta-test MAE.</summary>
    public const string GlobalZeroShotMae = "global_zero_shot_mae";

    /// <summary>Study attribute: the global model's meta-test MAE after fine-tuning on each user's support set.</summary>
    public const string GlobalFinetunedMae = "global_finetuned_mae";

    /// <summary>Study attribute: the meta-test MAE of always predicting the global mean rating.</summary>
    public const string GlobalMeanMae = "global_mean_mae";

    /// <summary>Study attribute: the global model's zero-shot meta-validation MAE (the objective's users).</summary>
    public const string GlobalZeroShotValMae = "global_zero_shot_val_mae";

    /// <summary>Study attribute: the global model's meta-validation MAE after fine-tuning on each user's support set.</summary>
    public const string GlobalFinetunedValMae = "global_finetuned_val_mae";

    /// <summary>Study attribute: the meta-validation MAE of always predicting the global mean rating.</summary>
    public const string GlobalMeanValMae = "global_mean_val_mae";

    /// <summary>A MovieLens directory, given with <c>--data</c>.</summary>
    public static DataRequirement MovieLens { get; } = new("MovieLens", "unpacked ml-100k, ml-1m or ml-latest-small");

    /// <summary>
    /// The recommender studies' metrics; their baselines, on the validation users compared with the objective and on
    /// the test users compared with the meta-test MAE; and <c>strategy</c> or <c>algo</c> as a trial's strategy.
    /// </summary>
    public static StudyDeclarations Declarations { get; } = new()
    {
        Metrics =
        [
            new(ValMae, "validation MAE", Direction.Minimize),
            new(MetaTestMae, "meta-test MAE", Direction.Minimize),
            new(MetaTestRmse, "meta-test RMSE", Direction.Minimize),
            new(MetaTestNdcg3, "meta-test nDCG@3", Direction.Maximize),
        ],
        Baselines =
        [
            new(GlobalZeroShotValMae, "global model, zero-shot", "validation"),
            new(GlobalFinetunedValMae, "global model, fine-tuned", "validation"),
            new(GlobalMeanValMae, "global mean rating", "validation"),
            new(GlobalZeroShotMae, "global model, zero-shot", "test", MetaTestMae),
            new(GlobalFinetunedMae, "global model, fine-tuned", "test", MetaTestMae),
            new(GlobalMeanMae, "global mean rating", "test", MetaTestMae),
        ],
        StrategyParameters = [StrategySpace.Parameter, "algo"],
    };

    /// <summary>
    /// The declarations of a study whose objective is <paramref name="metric"/>: <see cref="Declarations"/> for MAE;
    /// otherwise also the metric on the validation and test users, and the validation baselines, which are MAEs,
    /// compared with the trial's validation MAE instead of its objective.
    /// </summary>
    public static StudyDeclarations DeclarationsFor(ObjectiveMetric metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        if (metric == ObjectiveMetric.Default)
            return Declarations;
        var added = new MetricDeclaration[]
        {
            new(metric.ValidationKey, $"validation {metric.Label}", metric.Direction),
            new(metric.TestKey, $"meta-test {metric.Label}", metric.Direction),
        };
        return Declarations with
        {
            Metrics = [.. Declarations.Metrics, .. added.Where(m => Declarations.Metric(m.Key) is null)],
            Baselines = [.. Declarations.Baselines.Select(b => b.Metric is null ? b with { Metric = ValMae } : b)],
        };
    }
}
