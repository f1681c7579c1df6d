using MetaOpt.Recommender;

namespace MetaOpt.Studies.Recommender;

/// <summary>
/// Generated cold-start data at 10^5 users (about 3.2 million ratings, no download) with the network's width and
/// depth in the space: the GPU workload of <see cref="MovieLens1MStudy"/> for a machine without MovieLens 1M.
/// </summary>
public sealed class SyntheticLargeStudy : RecommenderStudy
{
    /// <summary>The generated data at its full size.</summary>
    public static SyntheticColdStartOptions DataOptions { get; } = new()
    {
        Users = 100_000,
        Items = 2_000,
        MinRatingsPerUser = 25,
        MaxRatingsPerUser = 40,
        Seed = 2025,
    };

    private readonly SyntheticColdStartOptions _data;

    /// <summary>The study on <see cref="DataOptions"/>.</summary>
    public SyntheticLargeStudy() : this(DataOptions)
    {
    }

    /// <summary>The same study on other generated data (tests run it on a few hundred users).</summary>
    internal SyntheticLargeStudy(SyntheticColdStartOptions data) => _data = data;

    /// <inheritdoc/>
    public override string Name => "synthetic-large";

    /// <inheritdoc/>
    public override string Description =>
        "10^5 generated cold-start users (no download), reference algorithms and rates with wider networks and meta-batches up to 256: a GPU workload.";

    /// <inheritdoc/>
    public override DataRequirement Data => DataRequirement.None;

    /// <inheritdoc/>
    public override int Epochs => 5;

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, Distribution> SearchSpace { get; } = ReferenceSearchSpace.Wide(ReferenceSearchSpace.Algorithms);

    /// <inheritdoc/>
    protected override SyntheticColdStartOptions? GeneratedData => _data;

    /// <inheritdoc/>
    protected override ColdStartTasks LoadTasks(StudyRunContext context, TrainingConfig defaults) =>
        RecommenderTrainer.BuildTasks(SyntheticColdStartGenerator.Generate(_data), defaults);
}
