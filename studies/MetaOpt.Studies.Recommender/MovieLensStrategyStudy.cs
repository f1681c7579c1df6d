namespace MetaOpt.Studies.Recommender;

/// <summary>The strategy search on MovieLens: which way of learning (zero-shot, fine-tuned, meta-learned) and with what settings.</summary>
public sealed class MovieLensStrategyStudy : StrategyStudy
{
    /// <inheritdoc/>
    public override string Name => "movielens-strategy";

    /// <inheritdoc/>
    public override string Description =>
        "Strategy (zero-shot, fine-tune, maml, fomaml, reptile or metasgd), then only its parameters; baselines are points; 10 epochs, validation MAE.";
}
