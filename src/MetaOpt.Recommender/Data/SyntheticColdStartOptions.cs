namespace MetaOpt.Recommender;

/// <summary>Shape of a synthetic cold-start dataset (see <see cref="SyntheticColdStartGenerator"/>).</summary>
public sealed record SyntheticColdStartOptions
{
    /// <summary>Number of users.</summary>
    public int Users { get; init; } = 300;

    /// <summary>Number of items.</summary>
    public int Items { get; init; } = 200;

    /// <summary>Fewest ratings per user (must exceed the query size used with the data).</summary>
    public int MinRatingsPerUser { get; init; } = 25;

    /// <summary>Most ratings per user.</summary>
    public int MaxRatingsPerUser { get; init; } = 40;

    /// <summary>Dimension of the latent taste and item factors.</summary>
    public int LatentDim { get; init; } = 4;

    /// <summary>Standard deviation of a user's personal rating bias, which only the user's own ratings reveal.</summary>
    public double PersonalBiasStd { get; init; } = 0.8;

    /// <summary>Standard deviation of the rating noise before rounding.</summary>
    public double NoiseStd { get; init; } = 0.3;

    /// <summary>Seed of the generator.</summary>
    public int Seed { get; init; }
}
