using MetaOpt.Recommender;

namespace MetaOpt.Studies.Recommender;

/// <summary>
/// The reference question on MovieLens 1M (6,040 users, 3,706 rated movies, a million ratings) with the network's
/// width and depth in the space: a workload large enough to keep a GPU busy, where the 100K studies are not.
/// </summary>
public sealed class MovieLens1MStudy : RecommenderStudy
{
    /// <summary>An unpacked MovieLens 1M folder.</summary>
    public static DataRequirement MovieLens1M { get; } = new("MovieLens 1M", "unpacked ml-1m");

    /// <inheritdoc/>
    public override string Name => "movielens-1m";

    /// <inheritdoc/>
    public override string Description =>
        "MovieLens 1M, reference algorithms and rates with wider networks (embedding_dim, hidden, hidden_layers) and meta-batches up to 256: a GPU workload.";

    /// <inheritdoc/>
    public override DataRequirement Data => MovieLens1M;

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, Distribution> SearchSpace { get; } = ReferenceSearchSpace.Wide(ReferenceSearchSpace.Algorithms);

    /// <inheritdoc/>
    protected override ColdStartTasks LoadTasks(StudyRunContext context, TrainingConfig defaults)
    {
        var directory = context.DataDirectory ?? throw new InvalidOperationException($"Study '{Name}' needs a MovieLens 1M directory (--data).");
        var format = MovieLensLoader.DetectFormat(directory);
        if (format != MovieLensFormat.MovieLens1M)
            throw new ArgumentException(
                $"Study '{Name}' trains on MovieLens 1M, but '{directory}' holds {format}; pass an unpacked ml-1m folder (ratings.dat).");
        return RecommenderTrainer.LoadTasks(directory, defaults);
    }
}
