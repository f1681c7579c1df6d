namespace MetaOpt.Studies.Recommender;

/// <summary>
/// <see cref="MovieLensMamlCostStudy"/> on the generated users of <see cref="SyntheticColdStartStudy"/> (no download),
/// its network's sizes searched around the smaller network that study trains.
/// </summary>
public sealed class SyntheticCostStudy : SyntheticColdStartStudy
{
    /// <inheritdoc/>
    public override string Name => "synthetic-cost";

    /// <inheritdoc/>
    public override string Description =>
        "Reference space plus embedding_dim 4..64, hidden 8..128, hidden_layers 1..3 on generated users (no download), 6 epochs: validation MAE against training seconds per epoch (--metric params: parameter count).";

    /// <inheritdoc/>
    public override PrunerKind DefaultPruner => PrunerKind.None;

    /// <inheritdoc/>
    /// <remarks>A generation of the auto sampler's NSGA-II (population 50) beyond its random first one.</remarks>
    public override int DefaultTrialCount => 100;

    /// <inheritdoc/>
    protected override bool MinimisesCost => true;

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, Distribution> SearchSpace { get; } =
        ReferenceSearchSpace.WithModelSize(ReferenceSearchSpace.Algorithms, NetworkDefaults);
}
