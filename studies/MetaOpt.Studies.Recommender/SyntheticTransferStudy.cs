using MetaOpt.Recommender;

namespace MetaOpt.Studies.Recommender;

/// <summary>
/// The transfer strategy of <see cref="MovieLensTransferStudy"/> on the generated users of
/// <see cref="SyntheticColdStartStudy"/>: the single-strategy study that the strategy search is measured against on
/// data that needs no download.
/// </summary>
public sealed class SyntheticTransferStudy : RecommenderStudy
{
    /// <inheritdoc/>
    public override string Name => "synthetic-transfer";

    /// <inheritdoc/>
    public override string Description =>
        "Global model + per-user fine-tuning on generated users (no download), smaller network, 6 epochs.";

    /// <inheritdoc/>
    public override DataRequirement Data => DataRequirement.None;

    /// <inheritdoc/>
    public override int Epochs => 6;

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, Distribution> SearchSpace { get; } = MovieLensTransferStudy.CreateSpace();

    /// <inheritdoc/>
    protected override TrainingConfig Defaults => SyntheticColdStartStudy.NetworkDefaults;

    /// <inheritdoc/>
    protected override SyntheticColdStartOptions? GeneratedData => SyntheticColdStartStudy.DataOptions;

    /// <inheritdoc/>
    protected override ColdStartTasks LoadTasks(StudyRunContext context, TrainingConfig defaults) =>
        SyntheticColdStartStudy.GeneratedTasks(defaults);
}
