namespace MetaOpt.Studies.Recommender;

/// <summary>
/// The transfer-learning strategy tuned on the same data and objective as <see cref="MovieLensMamlStudy"/>: a global
/// model trained on every meta-train rating, fine-tuned on each new user's support set. Its best value is the bar
/// meta-learning has to clear.
/// </summary>
public sealed class MovieLensTransferStudy : RecommenderStudy
{
    /// <inheritdoc/>
    public override string Name => "movielens-transfer";

    /// <inheritdoc/>
    public override string Description =>
        "Global model + per-user fine-tuning (global_lr, global_batch, fine-tune inner_lr and inner_steps), 10 epochs, validation MAE.";

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, Distribution> SearchSpace { get; } = CreateSpace();

    /// <summary>The transfer space, shared with <see cref="SyntheticTransferStudy"/>.</summary>
    internal static Dictionary<string, Distribution> CreateSpace() => new()
    {
        ["algo"] = new CategoricalDistribution(["transfer"]),
        ["global_lr"] = new FloatDistribution(1e-4, 1e-2, log: true),
        ["global_batch"] = new IntDistribution(64, 512, step: 64),
        ["inner_lr"] = new FloatDistribution(1e-4, 1e-1, log: true),
        ["inner_steps"] = new IntDistribution(1, 5),
    };
}
