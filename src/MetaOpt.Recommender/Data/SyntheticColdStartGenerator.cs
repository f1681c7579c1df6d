using MetaOpt.Recommender.Data;
using MetaOpt.Recommender.Numerics;

namespace MetaOpt.Recommender;

/// <summary>
/// Generates MovieLens-shaped cold-start data from known latent structure. Ratings are
/// <c>round(3 + b_u + u·v + noise)</c> clamped to 1..5, where the item factor v follows the item's genres and
/// release year, the user factor u is part demographic (predictable from the user's features) and part personal,
/// and b_u is a personal bias. The personal parts are visible only through a user's own ratings, so adapting on
/// the support set pays off. Users join one after another, so the time-ordered split has truly new users.
/// </summary>
public static class SyntheticColdStartGenerator
{
    private const int Occupations = 8;

    /// <summary>Generates a dataset with the schema of MovieLens 100K (19 genres, 17 year buckets, 4 user fields).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is outside its range; the message names it.</exception>
    public static RatingDataset Generate(SyntheticColdStartOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Require(options.Users >= 10, nameof(options.Users), options.Users, "at least 10");
        Require(options.Items >= 2, nameof(options.Items), options.Items, "at least 2");
        Require(options.MinRatingsPerUser >= 2 && options.MinRatingsPerUser <= options.MaxRatingsPerUser,
            nameof(options.MinRatingsPerUser), options.MinRatingsPerUser, $"in 2..{options.MaxRatingsPerUser} (MaxRatingsPerUser)");
        Require(options.MaxRatingsPerUser <= options.Items, nameof(options.MaxRatingsPerUser), options.MaxRatingsPerUser,
            $"at most the item count {options.Items}");
        Require(options.LatentDim >= 1, nameof(options.LatentDim), options.LatentDim, "at least 1");

        var random = new Random(options.Seed);
        int genres = MovieLensGenres.Classic.Count, dim = options.LatentDim;
        double[,] Factors(int rows, double std)
        {
            var m = new double[rows, dim];
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < dim; c++) m[r, c] = std * random.NextGaussian();
            return m;
        }
        var genreFactors = Factors(genres, 0.6);
        var yearFactors = Factors(FeatureBuckets.YearBucketCount, 0.3);
        int[] fieldSizes = [FeatureBuckets.AgeBucketCount, 2, Occupations, FeatureBuckets.ZipBucketCount];
        var fieldFactors = fieldSizes.Select(size => Factors(size, 0.4)).ToArray();

        var items = new Dictionary<int, ItemFeatures>();
        var itemVectors = new double[options.Items + 1][];
        for (int i = 1; i <= options.Items; i++)
        {
            var itemGenres = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => 1 + random.Next(genres - 1)).Distinct().Order().ToArray();
            int year = 1 + random.Next(FeatureBuckets.YearBucketCount - 1);
            items[i] = new ItemFeatures(itemGenres, year);
            itemVectors[i] = Enumerable.Range(0, dim)
                .Select(c => itemGenres.Average(g => genreFactors[g, c]) + yearFactors[year, c] + 0.2 * random.NextGaussian())
                .ToArray();
        }

        var users = new Dictionary<int, int[]>();
        var ratings = new List<Rating>();
        var catalogue = Enumerable.Range(1, options.Items).ToArray();
        for (int u = 1; u <= options.Users; u++)
        {
            int[] codes = fieldSizes.Select(size => random.Next(size)).ToArray();
            users[u] = codes;
            var taste = Enumerable.Range(0, dim)
                .Select(c => codes.Select((code, f) => fieldFactors[f][code, c]).Sum() + 0.5 * random.NextGaussian())
                .ToArray();
            double bias = options.PersonalBiasStd * random.NextGaussian();
            random.Shuffle(catalogue);
            int count = random.Next(options.MinRatingsPerUser, options.MaxRatingsPerUser + 1);
            long time = u * 100_000L + random.Next(50_000);
            foreach (var item in catalogue.Take(count))
            {
                double score = 3 + bias + taste.Select((t, c) => t * itemVectors[item][c]).Sum() + options.NoiseStd * random.NextGaussian();
                time += 1 + random.Next(1_000);
                ratings.Add(new Rating(u, item, (float)Math.Clamp(Math.Round(score), 1, 5), time));
            }
        }

        var schema = new FeatureSchema(fieldSizes, genres, FeatureBuckets.YearBucketCount, options.Items);
        return new RatingDataset($"synthetic(seed={options.Seed}, users={options.Users}, items={options.Items})", schema, users, items, ratings);
    }

    private static void Require(bool ok, string name, int value, string allowed)
    {
        if (!ok) throw new ArgumentOutOfRangeException(name, value, $"{name} is {value}; it must be {allowed}.");
    }
}
