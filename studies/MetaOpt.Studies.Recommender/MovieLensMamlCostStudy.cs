using MetaOpt.Recommender;

namespace MetaOpt.Studies.Recommender;

/// <summary>
/// The reference study with the network's size searched too, for the trade-off between quality and cost: minimises
/// the validation MAE and the training seconds per epoch (<c>--metric params</c>: the parameter count instead;
/// <see cref="CostMetric"/>). Two objectives: its trials are not pruned, and its best trials are the Pareto front.
/// </summary>
public sealed class MovieLensMamlCostStudy : RecommenderStudy
{
    /// <inheritdoc/>
    public override string Name => "movielens-maml-cost";

    /// <inheritdoc/>
    public override string Description =>
        "Reference space plus embedding_dim 8..128, hidden 16..256, hidden_layers 1..3, 10 epochs: validation MAE against training seconds per epoch (--metric params: parameter count).";

    /// <inheritdoc/>
    public override PrunerKind DefaultPruner => PrunerKind.None;

    /// <inheritdoc/>
    /// <remarks>A generation of the auto sampler's NSGA-II (population 50) beyond its random first one.</remarks>
    public override int DefaultTrialCount => 100;

    /// <inheritdoc/>
    protected override bool MinimisesCost => true;

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, Distribution> SearchSpace { get; } =
        ReferenceSearchSpace.WithModelSize(ReferenceSearchSpace.Algorithms, new TrainingConfig());
}
