namespace MetaOpt.Recommender;

/// <summary>The outcome of one training run: quality, baselines and timings.</summary>
public sealed record TrainingResult
{
    /// <summary>The configuration the run used.</summary>
    public required TrainingConfig Config { get; init; }

    /// <summary>Users in the meta-train, meta-validation and meta-test splits.</summary>
    public required (int Train, int Validation, int Test) Users { get; init; }

    /// <summary>The learned model on the meta-validation users (the tuning objective is its MAE).</summary>
    public required EvaluationMetrics MetaValidation { get; init; }

    /// <summary>The learned model on the meta-test ("new") users.</summary>
    public required EvaluationMetrics MetaTest { get; init; }

    /// <summary>The per-epoch reports, in order.</summary>
    public required IReadOnlyList<EpochReport> Epochs { get; init; }

    /// <summary>Median wall time of one meta-batch (for <see cref="MetaAlgorithm.Transfer"/>: one global batch).</summary>
    public required double SecondsPerMetaBatchMedian { get; init; }

    /// <summary>Training seconds of each epoch, validation excluded.</summary>
    public IReadOnlyList<double> SecondsPerEpoch => Epochs.Select(e => e.Seconds).ToArray();

    /// <summary>
    /// The training seconds of a typical epoch, comparable between runs: the (upper) median of the epochs after the
    /// first, which pays libtorch's one-off warm-up, and which a busy neighbour's spike does not move; the only
    /// epoch's in a one-epoch run; 0 without epochs.
    /// </summary>
    public double SteadySecondsPerEpoch => RecommenderTrainer.Median(SecondsPerEpoch.Count > 1 ? SecondsPerEpoch.Skip(1).ToArray() : SecondsPerEpoch);

    /// <summary>Seconds spent on the pretraining epochs (0 without pretraining).</summary>
    public required double PretrainSeconds { get; init; }

    /// <summary>The trained network with what rebuilds and adapts it, for a trial to keep (<see cref="RecommenderModel"/>); null for a result made elsewhere.</summary>
    public RecommenderModel? Model { get; init; }

    /// <summary>The global model without adaptation on the meta-test users; null when baselines were skipped.</summary>
    public EvaluationMetrics? GlobalZeroShot { get; init; }

    /// <summary>The global model fine-tuned on each meta-test user's support set; null when baselines were skipped.</summary>
    public EvaluationMetrics? GlobalFineTuned { get; init; }

    /// <summary>The global model without adaptation on the meta-validation users; null when baselines were skipped.</summary>
    public EvaluationMetrics? GlobalZeroShotValidation { get; init; }

    /// <summary>The global model fine-tuned on each meta-validation user's support set; null when baselines were skipped.</summary>
    public EvaluationMetrics? GlobalFineTunedValidation { get; init; }

    /// <summary>MAE on the meta-validation users of predicting the meta-train mean rating; null when baselines were skipped.</summary>
    public double? GlobalMeanValidationMae { get; init; }

    /// <summary>Seconds spent training the global baseline model.</summary>
    public double? GlobalTrainSeconds { get; init; }

    /// <summary>MAE on the meta-test users of predicting the meta-train mean rating; null when baselines were skipped.</summary>
    public double? GlobalMeanMae { get; init; }
}
