using MetaOpt.Recommender;

namespace MetaOpt.Studies.Recommender;

/// <summary>
/// The reference search space on generated cold-start data: needs no download, and is small enough that a full
/// study runs in a few minutes on two cores. The default main job on a fresh machine.
/// </summary>
public class SyntheticColdStartStudy : RecommenderStudy
{
    /// <summary>The generated data: users with personal taste visible only in their own ratings.</summary>
    public static SyntheticColdStartOptions DataOptions { get; } = new()
    {
        Users = 400,
        Items = 300,
        MinRatingsPerUser = 30,
        MaxRatingsPerUser = 45,
        Seed = 2024,
    };

    /// <inheritdoc/>
    public override string Name => "synthetic-cold-start";

    /// <inheritdoc/>
    public override string Description =>
        "Reference space on generated cold-start users (no download), a smaller network, 6 epochs: the quick main job.";

    /// <inheritdoc/>
    public override DataRequirement Data => DataRequirement.None;

    /// <inheritdoc/>
    public override int DefaultTrialCount => 40;

    /// <inheritdoc/>
    public override int Epochs => 6;

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, Distribution> SearchSpace { get; } = ReferenceSearchSpace.Create(ReferenceSearchSpace.Algorithms);

    /// <inheritdoc/>
    protected override TrainingConfig Defaults => NetworkDefaults;

    /// <summary>The smaller network the generated-data studies train.</summary>
    internal static TrainingConfig NetworkDefaults => new() { EmbeddingDim = 16, Hidden = 32 };

    /// <inheritdoc/>
    protected override SyntheticColdStartOptions? GeneratedData => DataOptions;

    /// <inheritdoc/>
    protected override ColdStartTasks LoadTasks(StudyRunContext context, TrainingConfig defaults) => GeneratedTasks(defaults);

    /// <summary>The generated users of <see cref="DataOptions"/> cut into tasks as the configuration asks (sizes, binarised ratings).</summary>
    internal static ColdStartTasks GeneratedTasks(TrainingConfig defaults) =>
        RecommenderTrainer.BuildTasks(SyntheticColdStartGenerator.Generate(DataOptions), defaults);
}
