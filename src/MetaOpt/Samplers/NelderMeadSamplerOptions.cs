namespace MetaOpt;

/// <summary>Settings of a <see cref="NelderMeadSampler"/>; the coefficients are the standard ones (Lagarias et al. 1998).</summary>
/// <example>
/// <code>
/// var sampler = new NelderMeadSampler(new NelderMeadSamplerOptions { Seed = 1, Restart = NelderMeadRestart.Uniform });
/// </code>
/// </example>
public sealed record NelderMeadSamplerOptions
{
    /// <summary>Seed of every random draw (the restarts' starting points); a random seed when null.</summary>
    public int? Seed { get; init; }

    /// <summary>Where a restarted simplex starts.</summary>
    public NelderMeadRestart Restart { get; init; } = NelderMeadRestart.Probabilistic;

    /// <summary>Uniform candidates a probabilistic restart chooses its start from; at least 1.</summary>
    public int RestartCandidates { get; init; } = 10;

    /// <summary>Edge of the initial simplex in the unit cube the parameters are mapped to; above 0, at most 0.5.</summary>
    public double InitialSize { get; init; } = 0.1;

    /// <summary>Reflection coefficient (α); above 0.</summary>
    public double Reflection { get; init; } = 1;

    /// <summary>Expansion coefficient (γ); above 1 and above <see cref="Reflection"/>.</summary>
    public double Expansion { get; init; } = 2;

    /// <summary>Contraction coefficient (ρ); between 0 and 1.</summary>
    public double Contraction { get; init; } = 0.5;

    /// <summary>Shrink coefficient (σ); between 0 and 1.</summary>
    public double Shrink { get; init; } = 0.5;

    /// <summary>A simplex whose vertices are all this close to its best one (largest coordinate difference in the
    /// unit cube) has converged and is restarted; above 0.</summary>
    public double PointTolerance { get; init; } = 1e-5;

    /// <summary>A simplex whose values differ by at most this, relative to the best (absolute below 1), is flat and
    /// is restarted; at least 0.</summary>
    public double ValueTolerance { get; init; } = 1e-8;

    /// <summary>Iterations without a better best vertex before a restart; 10 (n + 1) for n parameters when null; at least 1.</summary>
    public int? StallIterations { get; init; }

    /// <summary>The sampler of categorical parameters and of parameters outside the searched space (the first trial,
    /// conditional parameters); a <see cref="RandomSampler"/> of the same seed when null.</summary>
    public ISampler? IndependentSampler { get; init; }

    /// <summary>Throws for a setting outside its range, naming it.</summary>
    internal void Validate()
    {
        if (!Enum.IsDefined(Restart))
            throw new ArgumentOutOfRangeException(nameof(Restart), Restart, "Restart must be Probabilistic or Uniform.");
        ArgumentOutOfRangeException.ThrowIfLessThan(RestartCandidates, 1);
        if (!(InitialSize is > 0 and <= 0.5))
            throw new ArgumentOutOfRangeException(nameof(InitialSize), InitialSize, "InitialSize must be above 0 and at most 0.5 (an edge in the unit cube).");
        if (!(Reflection > 0 && double.IsFinite(Reflection)))
            throw new ArgumentOutOfRangeException(nameof(Reflection), Reflection, "Reflection must be a finite number above 0.");
        if (!(Expansion > 1 && Expansion > Reflection && double.IsFinite(Expansion)))
            throw new ArgumentOutOfRangeException(nameof(Expansion), Expansion, "Expansion must be a finite number above 1 and above Reflection.");
        if (!(Contraction is > 0 and < 1))
            throw new ArgumentOutOfRangeException(nameof(Contraction), Contraction, "Contraction must be a number between 0 and 1.");
        if (!(Shrink is > 0 and < 1))
            throw new ArgumentOutOfRangeException(nameof(Shrink), Shrink, "Shrink must be a number between 0 and 1.");
        if (!(PointTolerance > 0 && double.IsFinite(PointTolerance)))
            throw new ArgumentOutOfRangeException(nameof(PointTolerance), PointTolerance, "PointTolerance must be a finite number above 0.");
        if (!(ValueTolerance >= 0 && double.IsFinite(ValueTolerance)))
            throw new ArgumentOutOfRangeException(nameof(ValueTolerance), ValueTolerance, "ValueTolerance must be a finite number of at least 0.");
        if (StallIterations is { } stall)
            ArgumentOutOfRangeException.ThrowIfLessThan(stall, 1, nameof(StallIterations));
    }
}

/// <summary>Where a <see cref="NelderMeadSampler"/>'s restarted simplex starts.</summary>
public enum NelderMeadRestart
{
    /// <summary>Globalized Nelder-Mead (Luersen and Le Riche 2004): of <see cref="NelderMeadSamplerOptions.RestartCandidates"/>
    /// uniform points, the one where a Gaussian kernel density over the earlier starts and optima is lowest.</summary>
    Probabilistic,

    /// <summary>A uniform point.</summary>
    Uniform,
}
