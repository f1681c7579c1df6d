namespace MetaOpt.Recommender;

/// <summary>The observable content of an item.</summary>
/// <param name="Genres">Indices of the item's genres (never empty: genre 0, "unknown", stands in when none is flagged).</param>
/// <param name="YearBucket">Release year bucket, see <see cref="FeatureBuckets.Year"/> (0 = unknown).</param>
public sealed record ItemFeatures(IReadOnlyList<int> Genres, int YearBucket);
