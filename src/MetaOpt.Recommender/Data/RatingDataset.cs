namespace MetaOpt.Recommender;

/// <summary>A loaded ratings dataset: users' categorical features, items' content, and the ratings themselves.</summary>
/// <param name="Name">Where the data came from (a directory or a generator description).</param>
/// <param name="Schema">Feature sizes for the network.</param>
/// <param name="Users">Each user's categorical codes, in the order of <see cref="FeatureSchema.UserFieldSizes"/>
/// (empty arrays when the dataset has no demographics).</param>
/// <param name="Items">Each dense item index's content.</param>
/// <param name="Ratings">All ratings, in file order.</param>
public sealed record RatingDataset(
    string Name,
    FeatureSchema Schema,
    IReadOnlyDictionary<int, int[]> Users,
    IReadOnlyDictionary<int, ItemFeatures> Items,
    IReadOnlyList<Rating> Ratings)
{
    /// <summary>
    /// The occupation names by code (the third of <see cref="Users"/>' codes) when users carry MovieLens demographics
    /// (age group, gender, occupation, zip bucket, as ML-100K and ML-1M have them); empty otherwise.
    /// <see cref="DatasetSubset"/> selects users by them.
    /// </summary>
    public IReadOnlyList<string> Occupations { get; init; } = [];

    /// <summary>
    /// The same dataset as implicit feedback: a rating at or above <paramref name="positiveRating"/> becomes 1 (a
    /// positive, as a click), any other 0. The binarised-ratings mode of every loader and of the generator.
    /// </summary>
    public RatingDataset Binarized(float positiveRating) => this with
    {
        Name = $"{Name} (binarised at {positiveRating.ToString(System.Globalization.CultureInfo.InvariantCulture)})",
        Ratings = Ratings.Select(r => r with { Value = r.Value >= positiveRating ? 1 : 0 }).ToList(),
    };
}
