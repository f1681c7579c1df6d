namespace MetaOpt.Recommender;

/// <summary>Sizes of the categorical features a dataset provides; the network's embedding tables follow them.</summary>
/// <param name="UserFieldSizes">Number of values of each categorical user field (age bucket, gender, occupation,
/// zip bucket on MovieLens); empty when the dataset has no demographics.</param>
/// <param name="GenreCount">Length of the genre multi-hot vector.</param>
/// <param name="YearBucketCount">Number of release-year buckets, unknown included.</param>
/// <param name="ItemCount">Number of items; item indices run 1..ItemCount (0 is unused, as in the reference).</param>
public sealed record FeatureSchema(IReadOnlyList<int> UserFieldSizes, int GenreCount, int YearBucketCount, int ItemCount)
{
    /// <summary>Whether users carry demographic features.</summary>
    public bool HasUserFeatures => UserFieldSizes.Count > 0;
}
