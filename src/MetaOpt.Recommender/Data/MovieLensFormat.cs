namespace MetaOpt.Recommender;

/// <summary>The MovieLens file layouts the loader reads.</summary>
public enum MovieLensFormat
{
    /// <summary>MovieLens 100K: u.data, u.user, u.item, u.occupation.</summary>
    MovieLens100K,

    /// <summary>MovieLens 1M: ratings.dat, users.dat, movies.dat ('::'-separated, Latin-1).</summary>
    MovieLens1M,

    /// <summary>The "latest" sets: ratings.csv, movies.csv (no demographics).</summary>
    MovieLensLatest,
}
