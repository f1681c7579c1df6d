namespace MetaOpt.Recommender;

/// <summary>
/// Everything one training run needs: the hyperparameters of the reference search space, the network's shape,
/// the baselines' settings, and where and how to compute. Defaults follow the reference script.
/// </summary>
public sealed record TrainingConfig
{
    /// <summary>MovieLens directory (100K, 1M or "latest" format) for <see cref="RecommenderTrainer.Train(TrainingConfig, Action{EpochReport}?, CancellationToken)"/>;
    /// null when the caller passes tasks itself.</summary>
    public string? Data { get; init; }

    /// <summary>The learning strategy.</summary>
    public MetaAlgorithm Algo { get; init; } = MetaAlgorithm.Maml;

    /// <summary>Adam learning rate of the outer (meta) update, in (0, 1].</summary>
    public double MetaLr { get; init; } = 1e-3;

    /// <summary>SGD learning rate of the inner (per-user) adaptation, in [0, 10] (the initial value for Meta-SGD).</summary>
    public double InnerLr { get; init; } = 1e-2;

    /// <summary>SGD steps of the inner adaptation, 1..100 (also the fine-tuning steps of the transfer baseline); for
    /// <see cref="MetaAlgorithm.Transfer"/> also 0, the global model used zero-shot.</summary>
    public int InnerSteps { get; init; } = 1;

    /// <summary>Users per meta-batch; a last partial meta-batch of an epoch is dropped.</summary>
    public int MetaBatch { get; init; } = 32;

    /// <summary>Passes over the meta-train users (for <see cref="MetaAlgorithm.Transfer"/>: over their ratings).</summary>
    public int Epochs { get; init; } = 5;

    /// <summary>Epochs of global (non-meta) training before meta-training starts from that model; 0 = from scratch.</summary>
    public int PretrainEpochs { get; init; }

    /// <summary>Seed of weight initialisation, shuffling and batching.</summary>
    public int Seed { get; init; }

    /// <summary>"cpu", "cuda" or "cuda:N".</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>LibTorch intra-op threads (process-wide); null leaves the current setting.</summary>
    public int? Threads { get; init; }

    /// <summary>Embedding width d of every categorical field.</summary>
    public int EmbeddingDim { get; init; } = 32;

    /// <summary>Width h of the hidden decision layers.</summary>
    public int Hidden { get; init; } = 64;

    /// <summary>Number of hidden decision layers (the reference has 2: 7d→h→h→1).</summary>
    public int HiddenLayers { get; init; } = 2;

    /// <summary>How many decision layers, counted from the output, adapt in the inner loop; null = all of them
    /// (the reference). Layers that do not adapt, like the embeddings, are learned in the outer loop only.</summary>
    public int? AdaptedLayers { get; init; }

    /// <summary>Largest support set per user; must match the tasks.</summary>
    public int SupportSize { get; init; } = 20;

    /// <summary>Query set size per user; must match the tasks.</summary>
    public int QuerySize { get; init; } = 10;

    /// <summary>Adam learning rate of the global model (baseline, transfer and pretraining).</summary>
    public double GlobalLr { get; init; } = 1e-3;

    /// <summary>Epochs of the global baseline model.</summary>
    public int GlobalEpochs { get; init; } = 5;

    /// <summary>Ratings per batch of global training.</summary>
    public int GlobalBatch { get; init; } = 256;

    /// <summary>The k of nDCG@k.</summary>
    public int NdcgK { get; init; } = 3;

    /// <summary>The top-k ranking metrics against sampled negatives, measured on every evaluation
    /// (<see cref="EvaluationMetrics.Ranking"/>); null measures none (they cost a forward pass over the negatives).</summary>
    public RankingProtocol? Ranking { get; init; }

    /// <summary>A rating at or above this is a positive: the relevant items of <see cref="Ranking"/>, and with
    /// <see cref="BinaryRatings"/> the ratings that become 1.</summary>
    public float PositiveRating { get; init; } = 4;

    /// <summary>Implicit feedback: the data's ratings become 1 (at or above <see cref="PositiveRating"/>) or 0 before the
    /// tasks are built (<see cref="RatingDataset.Binarized"/>), and the network learns to predict them.</summary>
    public bool BinaryRatings { get; init; }

    /// <summary>The smallest value of a positive in the tasks' ratings: 1 once they are binarised.</summary>
    internal float RelevantFrom => BinaryRatings ? 1 : PositiveRating;

    /// <summary>Whether to train and report the global-model and global-mean baselines beside the learner
    /// (a study's trials can skip them; the benchmark keeps them).</summary>
    public bool Baselines { get; init; } = true;

    /// <summary>Floating-point precision of the computation: float32 (default) or float64.</summary>
    public Precision Precision { get; init; } = Precision.Float32;

    /// <summary>The number of decision layers (hidden layers plus the output layer).</summary>
    public int DecisionLayers => HiddenLayers + 1;

    /// <summary>Checks every value against its allowed range.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it, its value and the allowed range.</exception>
    public void Validate()
    {
        Check(Enum.IsDefined(Algo), nameof(Algo), Algo, "maml, fomaml, reptile, metasgd or transfer");
        Check(double.IsFinite(MetaLr) && MetaLr > 0 && MetaLr <= 1, nameof(MetaLr), MetaLr, "(0, 1]");
        Check(double.IsFinite(InnerLr) && InnerLr >= 0 && InnerLr <= 10, nameof(InnerLr), InnerLr, "[0, 10]");
        Check(InnerSteps is >= 1 and <= 100 || InnerSteps == 0 && Algo == MetaAlgorithm.Transfer,
            nameof(InnerSteps), InnerSteps, "1..100 (0 only for Transfer: zero-shot)");
        Check(MetaBatch is >= 1 and <= 100_000, nameof(MetaBatch), MetaBatch, "1..100000");
        Check(Epochs is >= 1 and <= 100_000, nameof(Epochs), Epochs, "1..100000");
        Check(PretrainEpochs is >= 0 and <= 100_000, nameof(PretrainEpochs), PretrainEpochs, "0..100000");
        Check(Threads is null or >= 1 and <= 1024, nameof(Threads), Threads, "null (leave as is) or 1..1024");
        Check(EmbeddingDim is >= 1 and <= 4096, nameof(EmbeddingDim), EmbeddingDim, "1..4096");
        Check(Hidden is >= 1 and <= 65_536, nameof(Hidden), Hidden, "1..65536");
        Check(HiddenLayers is >= 0 and <= 32, nameof(HiddenLayers), HiddenLayers, "0..32");
        Check(AdaptedLayers is null || AdaptedLayers >= 1 && AdaptedLayers <= DecisionLayers,
            nameof(AdaptedLayers), AdaptedLayers, $"null (all) or 1..{DecisionLayers} (HiddenLayers + 1)");
        Check(SupportSize >= 1, nameof(SupportSize), SupportSize, "at least 1");
        Check(QuerySize >= 1, nameof(QuerySize), QuerySize, "at least 1");
        Check(double.IsFinite(GlobalLr) && GlobalLr > 0 && GlobalLr <= 1, nameof(GlobalLr), GlobalLr, "(0, 1]");
        Check(GlobalEpochs is >= 0 and <= 100_000, nameof(GlobalEpochs), GlobalEpochs, "0..100000");
        Check(GlobalBatch is >= 1 and <= 10_000_000, nameof(GlobalBatch), GlobalBatch, "1..10000000");
        Check(NdcgK >= 1, nameof(NdcgK), NdcgK, "at least 1");
        Check(float.IsFinite(PositiveRating), nameof(PositiveRating), PositiveRating, "a finite rating");
        Ranking?.Validate();
        Check(Enum.IsDefined(Precision), nameof(Precision), Precision, "Float32 or Float64");
        ComputeDevice.Parse(Device);
    }

    private static void Check(bool ok, string name, object? value, string allowed)
    {
        if (!ok) throw new ArgumentException($"TrainingConfig.{name} is {value ?? "null"}; allowed: {allowed}.", name);
    }
}
