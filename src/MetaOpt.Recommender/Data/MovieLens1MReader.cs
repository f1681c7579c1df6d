using System.Text;

namespace MetaOpt.Recommender.Data;

/// <summary>Reads MovieLens 1M (ratings.dat, users.dat, movies.dat: '::'-separated, Latin-1).</summary>
internal static class MovieLens1MReader
{
    // The codes of users.dat, as its README lists them.
    private static readonly string[] OccupationNames =
    [
        "other", "academic/educator", "artist", "clerical/admin", "college/grad student", "customer service",
        "doctor/health care", "executive/managerial", "farmer", "homemaker", "K-12 student", "lawyer", "programmer",
        "retired", "sales/marketing", "scientist", "self-employed", "technician/engineer", "tradesman/craftsman",
        "unemployed", "writer",
    ];

    public static RatingDataset Read(string directory)
    {
        var users = new Dictionary<int, int[]>();
        foreach (var line in DataLine.ReadAll(Path.Combine(directory, "users.dat"), Encoding.Latin1))
        {
            var f = line.Split("::", 5, "UserID::Gender::Age::Occupation::Zip-code");
            int gender = f[1] switch { "M" => 0, "F" => 1, _ => throw line.Error($"gender '{f[1]}' is neither M nor F") };
            int occupation = line.Int(f[3], "occupation");
            if (occupation < 0 || occupation >= OccupationNames.Length)
                throw line.Error($"occupation {occupation} is outside 0..{OccupationNames.Length - 1}");
            users[line.Int(f[0], "user id")] = [FeatureBuckets.Age(line.Int(f[2], "age")), gender, occupation, FeatureBuckets.Zip(f[4])];
        }

        var vocabulary = MovieLensGenres.Classic.Select((g, k) => (g, k)).ToDictionary(p => p.g, p => p.k);
        var movieLines = DataLine.ReadAll(Path.Combine(directory, "movies.dat"), Encoding.Latin1)
            .Select(line => (line, fields: line.Split("::", 3, "MovieID::Title::Genres")))
            .ToList();
        var itemIndex = new ItemIndex(movieLines.Select(p => p.line.Int(p.fields[0], "movie id")));
        var items = movieLines.ToDictionary(
            p => itemIndex.Of(p.line.Int(p.fields[0], "movie id"), p.line),
            p => new ItemFeatures(
                MovieLensGenres.Parse(p.fields[2], vocabulary, p.line),
                FeatureBuckets.Year(MovieLensGenres.YearFromTitle(p.fields[1]))));

        var ratings = new List<Rating>();
        foreach (var line in DataLine.ReadAll(Path.Combine(directory, "ratings.dat"), Encoding.Latin1))
        {
            var f = line.Split("::", 4, "UserID::MovieID::Rating::Timestamp");
            int user = line.Int(f[0], "user id");
            if (!users.ContainsKey(user)) throw line.Error($"user {user} is not in users.dat");
            ratings.Add(new Rating(user, itemIndex.Of(line.Int(f[1], "movie id"), line), line.Rating(f[2]), line.Long(f[3], "timestamp")));
        }

        var schema = new FeatureSchema(
            [FeatureBuckets.AgeBucketCount, 2, OccupationNames.Length, FeatureBuckets.ZipBucketCount],
            MovieLensGenres.Classic.Count, FeatureBuckets.YearBucketCount, itemIndex.Count);
        return new RatingDataset(directory, schema, users, items, ratings) { Occupations = OccupationNames };
    }
}
