using MetaOpt.Recommender;

namespace MetaOpt.Studies.Recommender;

/// <summary>The strategy search on the generated cold-start users of <see cref="SyntheticColdStartStudy"/> (no download).</summary>
public sealed class SyntheticStrategyStudy : StrategyStudy
{
    /// <inheritdoc/>
    public override string Name => "synthetic-strategy";

    /// <inheritdoc/>
    public override string Description =>
        "Strategy (zero-shot, fine-tune, maml, fomaml, reptile or metasgd) on generated users (no download), smaller network, 6 epochs.";

    /// <inheritdoc/>
    public override DataRequirement Data => DataRequirement.None;

    /// <inheritdoc/>
    public override int Epochs => 6;

    /// <inheritdoc/>
    protected override TrainingConfig Defaults => SyntheticColdStartStudy.NetworkDefaults;

    /// <inheritdoc/>
    protected override SyntheticColdStartOptions? GeneratedData => SyntheticColdStartStudy.DataOptions;

    /// <inheritdoc/>
    protected override ColdStartTasks LoadTasks(StudyRunContext context, TrainingConfig defaults) =>
        SyntheticColdStartStudy.GeneratedTasks(defaults);
}
