using System.Text;

namespace MetaOpt.Recommender.Data;

/// <summary>Reads the "latest" MovieLens sets (ratings.csv, movies.csv with quoted titles). They have no
/// demographics, so every user's feature list is empty and the network uses item features only.</summary>
internal static class MovieLensLatestReader
{
    private const string NoGenres = "(no genres listed)";

    public static RatingDataset Read(string directory)
    {
        var movieLines = DataLine.ReadAll(Path.Combine(directory, "movies.csv"), Encoding.UTF8, headerLines: 1)
            .Select(line => (line, fields: SplitCsv(line, 3, "movieId,title,genres")))
            .ToList();
        // Index 0 stands for "no genre", as "unknown" does in ML-100K; the named genres follow in ordinal order.
        var vocabulary = movieLines.SelectMany(p => p.fields[2].Split('|', StringSplitOptions.RemoveEmptyEntries))
            .Where(g => g != NoGenres).Distinct().Order(StringComparer.Ordinal)
            .Prepend(NoGenres).Select((g, k) => (g, k)).ToDictionary(p => p.g, p => p.k);
        var itemIndex = new ItemIndex(movieLines.Select(p => p.line.Int(p.fields[0], "movieId")));
        var items = movieLines.ToDictionary(
            p => itemIndex.Of(p.line.Int(p.fields[0], "movieId"), p.line),
            p => new ItemFeatures(
                MovieLensGenres.Parse(p.fields[2], vocabulary, p.line),
                FeatureBuckets.Year(MovieLensGenres.YearFromTitle(p.fields[1]))));

        var users = new Dictionary<int, int[]>();
        var ratings = new List<Rating>();
        foreach (var line in DataLine.ReadAll(Path.Combine(directory, "ratings.csv"), Encoding.UTF8, headerLines: 1))
        {
            var f = SplitCsv(line, 4, "userId,movieId,rating,timestamp");
            int user = line.Int(f[0], "userId");
            users.TryAdd(user, []);
            ratings.Add(new Rating(user, itemIndex.Of(line.Int(f[1], "movieId"), line), line.Rating(f[2]), line.Long(f[3], "timestamp")));
        }

        var schema = new FeatureSchema([], vocabulary.Count, FeatureBuckets.YearBucketCount, itemIndex.Count);
        return new RatingDataset(directory, schema, users, items, ratings);
    }

    /// <summary>RFC 4180 fields of one line: commas inside double quotes are literal, "" is a quote.</summary>
    private static string[] SplitCsv(DataLine line, int expectedFields, string layout)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        var text = line.Text;
        for (int k = 0; k < text.Length; k++)
        {
            char c = text[k];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (k + 1 < text.Length && text[k + 1] == '"') { field.Append('"'); k++; }
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        if (quoted) throw line.Error($"unterminated quoted field: '{text}'");
        fields.Add(field.ToString());
        if (fields.Count != expectedFields)
            throw line.Error($"expected {expectedFields} comma-separated fields ({layout}), found {fields.Count}: '{text}'");
        return fields.ToArray();
    }
}
