namespace MetaOpt;

/// <summary>Settings of a <see cref="QmcSampler"/>; the defaults are Optuna's (scrambled Sobol).</summary>
/// <example>
/// <code>
/// var sampler = new QmcSampler(new QmcSamplerOptions { Seed = 3, Kind = QmcKind.Halton });
/// </code>
/// </example>
public sealed record QmcSamplerOptions
{
    /// <summary>Seed of the scramble; a random seed when null. Without <see cref="Scramble"/> the seed changes nothing.</summary>
    public int? Seed { get; init; }

    /// <summary>The sequence.</summary>
    public QmcKind Kind { get; init; } = QmcKind.Sobol;

    /// <summary>Randomise the sequence (Sobol: random linear matrix and digital shift; Halton: random digit
    /// permutations). Off, every seed gives the same points and plain Sobol's first point is the lower corner.</summary>
    public bool Scramble { get; init; } = true;

    /// <summary>Throws for a setting outside its range, naming it.</summary>
    internal void Validate()
    {
        if (!Enum.IsDefined(Kind))
            throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Kind must be Sobol or Halton.");
    }
}
