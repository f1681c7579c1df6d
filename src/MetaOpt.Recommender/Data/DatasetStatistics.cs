namespace MetaOpt.Recommender;

/// <summary>
/// What a ratings dataset looks like before any training: its size, how many ratings a user gives, the rating scale
/// and the features it has. A study stores them as its meta-features, so that a warm start can tell a related dataset
/// from an unrelated one.
/// </summary>
/// <param name="Users">Users with at least one rating.</param>
/// <param name="Items">Items with at least one rating.</param>
/// <param name="Ratings">Ratings.</param>
/// <param name="RatingsPerUser">The median number of ratings a user gave.</param>
/// <param name="RatingMin">The smallest rating value.</param>
/// <param name="RatingMax">The largest rating value.</param>
/// <param name="RatingMean">The mean rating value.</param>
/// <param name="RatingSd">The standard deviation of the rating values.</param>
/// <param name="Density">Ratings / (users × items): 1 when every user rated every item.</param>
/// <param name="UserFeatureFields">The users' categorical fields (age, occupation...): 0 without demographics.</param>
/// <param name="ItemFeatureSize">The width of the items' content (genres and year buckets).</param>
public sealed record DatasetStatistics(
    int Users, int Items, int Ratings, double RatingsPerUser, double RatingMin, double RatingMax, double RatingMean, double RatingSd,
    double Density, int UserFeatureFields, int ItemFeatureSize)
{
    /// <summary>The statistics of <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentException">The dataset has no rating.</exception>
    public static DatasetStatistics Of(RatingDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Ratings.Count == 0)
            throw new ArgumentException($"Dataset '{data.Name}' has no rating.", nameof(data));
        var perUser = data.Ratings.GroupBy(r => r.UserId).Select(g => g.Count()).Order().ToArray();
        int users = perUser.Length, items = data.Ratings.Select(r => r.Item).Distinct().Count();
        double mean = data.Ratings.Average(r => (double)r.Value);
        double sd = Math.Sqrt(data.Ratings.Average(r => (r.Value - mean) * (r.Value - mean)));
        double median = perUser.Length % 2 == 1 ? perUser[perUser.Length / 2] : (perUser[perUser.Length / 2 - 1] + perUser[perUser.Length / 2]) / 2.0;
        return new DatasetStatistics(
            users, items, data.Ratings.Count, median, data.Ratings.Min(r => r.Value), data.Ratings.Max(r => r.Value), mean, sd,
            (double)data.Ratings.Count / ((double)users * items), data.Schema.UserFieldSizes.Count,
            data.Schema.GenreCount + data.Schema.YearBucketCount);
    }

    /// <summary>The statistics by name, as a study stores its meta-features.</summary>
    public IReadOnlyDictionary<string, double> ToDictionary() => new Dictionary<string, double>
    {
        ["users"] = Users,
        ["items"] = Items,
        ["ratings"] = Ratings,
        ["ratings_per_user"] = RatingsPerUser,
        ["rating_min"] = RatingMin,
        ["rating_max"] = RatingMax,
        ["rating_mean"] = RatingMean,
        ["rating_sd"] = RatingSd,
        ["density"] = Density,
        ["user_feature_fields"] = UserFeatureFields,
        ["item_feature_size"] = ItemFeatureSize,
    };
}
