using System.Text;

namespace MetaOpt.Recommender.Data;

/// <summary>Reads MovieLens 100K (u.data, u.user, u.item, u.occupation), as the reference script does.</summary>
internal static class MovieLens100KReader
{
    public static RatingDataset Read(string directory)
    {
        var occupations = new Dictionary<string, int>();
        foreach (var line in DataLine.ReadAll(Path.Combine(directory, "u.occupation"), Encoding.Latin1))
            occupations.TryAdd(line.Text.Trim(), occupations.Count);

        var users = new Dictionary<int, int[]>();
        foreach (var line in DataLine.ReadAll(Path.Combine(directory, "u.user"), Encoding.Latin1))
        {
            var f = line.Split("|", 5, "user id|age|gender|occupation|zip code");
            int gender = f[2] switch { "M" => 0, "F" => 1, _ => throw line.Error($"gender '{f[2]}' is neither M nor F") };
            if (!occupations.TryGetValue(f[3], out var occupation))
                throw line.Error($"occupation '{f[3]}' is not listed in u.occupation");
            users[line.Int(f[0], "user id")] = [FeatureBuckets.Age(line.Int(f[1], "age")), gender, occupation, FeatureBuckets.Zip(f[4])];
        }

        var itemLines = DataLine.ReadAll(Path.Combine(directory, "u.item"), Encoding.Latin1)
            .Select(line => (line, fields: line.Split("|", 24, "movie id|title|release date|video date|url|19 genre flags")))
            .ToList();
        var itemIndex = new ItemIndex(itemLines.Select(p => p.line.Int(p.fields[0], "movie id")));
        var items = new Dictionary<int, ItemFeatures>();
        foreach (var (line, f) in itemLines)
        {
            var genres = Enumerable.Range(0, 19).Where(g => f[5 + g] switch
            {
                "1" => true,
                "0" => false,
                _ => throw line.Error($"genre flag {g} is '{f[5 + g]}', expected 0 or 1"),
            }).ToArray();
            int? year = f[2].Length == 0 ? null : line.Int(f[2][^Math.Min(4, f[2].Length)..], "release year");
            items[itemIndex.Of(line.Int(f[0], "movie id"), line)] = new ItemFeatures(genres.Length > 0 ? genres : [0], FeatureBuckets.Year(year));
        }

        var ratings = new List<Rating>();
        foreach (var line in DataLine.ReadAll(Path.Combine(directory, "u.data"), Encoding.Latin1))
        {
            if (line.Text.StartsWith('#')) continue;
            var f = line.Split("\t", 4, "user id, item id, rating, timestamp");
            int user = line.Int(f[0], "user id");
            if (!users.ContainsKey(user)) throw line.Error($"user {user} is not in u.user");
            ratings.Add(new Rating(user, itemIndex.Of(line.Int(f[1], "item id"), line), line.Rating(f[2]), line.Long(f[3], "timestamp")));
        }

        var schema = new FeatureSchema(
            [FeatureBuckets.AgeBucketCount, 2, occupations.Count, FeatureBuckets.ZipBucketCount],
            MovieLensGenres.Classic.Count, FeatureBuckets.YearBucketCount, itemIndex.Count);
        return new RatingDataset(directory, schema, users, items, ratings) { Occupations = [.. occupations.OrderBy(p => p.Value).Select(p => p.Key)] };
    }
}
