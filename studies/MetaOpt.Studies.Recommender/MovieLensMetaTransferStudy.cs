namespace MetaOpt.Studies.Recommender;

/// <summary>
/// The search for the best strategy overall: the reference space plus Meta-SGD and <c>pretrain_epochs</c>, so
/// meta-learning may start from a pretrained global model (0 = from scratch).
/// </summary>
public sealed class MovieLensMetaTransferStudy : RecommenderStudy
{
    /// <inheritdoc/>
    public override string Name => "movielens-meta-transfer";

    /// <inheritdoc/>
    public override string Description =>
        "Reference space + metasgd + pretrain_epochs 0..5 (meta-learning from a pretrained global model), 10 epochs, validation MAE.";

    /// <inheritdoc/>
    public override int DefaultTrialCount => 50;

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, Distribution> SearchSpace { get; } = CreateSpace();

    private static Dictionary<string, Distribution> CreateSpace()
    {
        var space = ReferenceSearchSpace.Create([.. ReferenceSearchSpace.Algorithms, "metasgd"]);
        space["pretrain_epochs"] = new IntDistribution(0, 5);
        return space;
    }
}
