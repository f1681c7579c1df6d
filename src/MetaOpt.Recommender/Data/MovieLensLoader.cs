using MetaOpt.Recommender.Data;

namespace MetaOpt.Recommender;

/// <summary>Loads a MovieLens directory, recognising its format from the files it holds.</summary>
public static class MovieLensLoader
{
    /// <summary>Loads <paramref name="directory"/> in the format <see cref="DetectFormat"/> finds.</summary>
    /// <exception cref="MalformedDataException">A line cannot be read; the message names file and line.</exception>
    public static RatingDataset Load(string directory) => Load(directory, DetectFormat(directory));

    /// <summary>Loads <paramref name="directory"/> as <paramref name="format"/>.</summary>
    public static RatingDataset Load(string directory, MovieLensFormat format) => format switch
    {
        MovieLensFormat.MovieLens100K => MovieLens100KReader.Read(directory),
        MovieLensFormat.MovieLens1M => MovieLens1MReader.Read(directory),
        MovieLensFormat.MovieLensLatest => MovieLensLatestReader.Read(directory),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown MovieLens format."),
    };

    /// <summary>u.data means 100K, ratings.dat means 1M, ratings.csv means a "latest" set.</summary>
    public static MovieLensFormat DetectFormat(string directory)
    {
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"Data directory '{directory}' does not exist.");
        if (File.Exists(Path.Combine(directory, "u.data"))) return MovieLensFormat.MovieLens100K;
        if (File.Exists(Path.Combine(directory, "ratings.dat"))) return MovieLensFormat.MovieLens1M;
        if (File.Exists(Path.Combine(directory, "ratings.csv"))) return MovieLensFormat.MovieLensLatest;
        throw new ArgumentException(
            $"'{directory}' holds no MovieLens ratings file: expected u.data (100K), ratings.dat (1M) or ratings.csv (latest).",
            nameof(directory));
    }
}
