namespace MetaOpt.Studies.Recommender;

/// <summary>The reference study: which meta-learning algorithm and rates give the best cold-start MAE on MovieLens.</summary>
public sealed class MovieLensMamlStudy : RecommenderStudy
{
    /// <inheritdoc/>
    public override string Name => "movielens-maml";

    /// <inheritdoc/>
    public override string Description =>
        "Reference space (algo maml|fomaml|reptile, meta_lr, inner_lr, inner_steps, meta_batch), 10 epochs, validation MAE.";

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, Distribution> SearchSpace { get; } = ReferenceSearchSpace.Create(ReferenceSearchSpace.Algorithms);
}
