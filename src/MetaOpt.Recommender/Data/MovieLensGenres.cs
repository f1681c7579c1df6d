namespace MetaOpt.Recommender.Data;

/// <summary>Genre vocabularies and the title-year convention shared by the MovieLens formats.</summary>
internal static class MovieLensGenres
{
    /// <summary>ML-100K's u.genre order, which ML-1M's genre names follow too; index 0 is "unknown".</summary>
    public static readonly IReadOnlyList<string> Classic =
    [
        "unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama",
        "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western",
    ];

    /// <summary>Genre indices of a pipe-separated genre list; unknown names are a malformed line.</summary>
    public static int[] Parse(string genres, IReadOnlyDictionary<string, int> vocabulary, DataLine line)
    {
        var indices = genres.Split('|', StringSplitOptions.RemoveEmptyEntries)
            .Select(g => vocabulary.TryGetValue(g, out var k)
                ? k
                : throw line.Error($"unknown genre '{g}'; known: {string.Join(", ", vocabulary.Keys)}"))
            .Distinct().Order().ToArray();
        return indices.Length > 0 ? indices : [0];
    }

    /// <summary>The year in a title's trailing "(1995)", or null.</summary>
    public static int? YearFromTitle(string title)
    {
        var t = title.Trim();
        if (t.Length >= 6 && t[^1] == ')' && t[^6] == '(' && int.TryParse(t.AsSpan(t.Length - 5, 4), out var year))
            return year;
        return null;
    }
}
