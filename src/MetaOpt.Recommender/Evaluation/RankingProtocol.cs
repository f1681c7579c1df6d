namespace MetaOpt.Recommender;

/// <summary>
/// How the top-k ranking metrics are measured (<see cref="RankingMetrics"/>): each user's query positives (ratings
/// at or above <see cref="TrainingConfig.PositiveRating"/>) are ranked together with <see cref="Negatives"/> items the
/// user never rated anywhere in the data, drawn uniformly without replacement with <see cref="Seed"/> and the user's id,
/// so every trial, fold and worker ranks against the same items. Ties rank the negatives first (no credit for a
/// constant prediction). Users without a query positive are left out of the averages.
/// </summary>
public sealed record RankingProtocol
{
    /// <summary>The cut-off k of HR@k, Recall@k and nDCG@k.</summary>
    public int K { get; init; } = 10;

    /// <summary>Unrated items sampled per user as negatives (fewer when the user left fewer unrated).</summary>
    public int Negatives { get; init; } = 100;

    /// <summary>The seed of the negative sampling, fixed so that every run ranks against the same items.</summary>
    public int Seed { get; init; }

    /// <summary>Checks every value against its allowed range.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it and the allowed range.</exception>
    public void Validate()
    {
        if (K < 1)
            throw new ArgumentException($"RankingProtocol.K is {K}; allowed: at least 1.", nameof(K));
        if (Negatives < 1)
            throw new ArgumentException($"RankingProtocol.Negatives is {Negatives}; allowed: at least 1.", nameof(Negatives));
    }
}
