namespace MetaOpt;

/// <summary>Settings of a <see cref="ParticleSwarmSampler"/>; the coefficients are SPSO 2011's (Clerc 2011).</summary>
/// <example>
/// <code>
/// var sampler = new ParticleSwarmSampler(new ParticleSwarmSamplerOptions { Seed = 1, Particles = 20 });
/// </code>
/// </example>
public sealed record ParticleSwarmSamplerOptions
{
    /// <summary>Seed of every random draw; a random seed when null.</summary>
    public int? Seed { get; init; }

    /// <summary>Particles in the swarm; 10 + ⌊2√n⌋ for n parameters when null (SPSO 2007); at least 2.</summary>
    public int? Particles { get; init; }

    /// <summary>Weight of a particle's velocity in its next one (w); between 0 and 1.</summary>
    public double Inertia { get; init; } = 1 / (2 * Math.Log(2));

    /// <summary>Pull toward the particle's own best position (c₁); at least 0.</summary>
    public double Cognitive { get; init; } = 0.5 + Math.Log(2);

    /// <summary>Pull toward the swarm's best position (c₂); at least 0.</summary>
    public double Social { get; init; } = 0.5 + Math.Log(2);

    /// <summary>Largest step of a coordinate in the unit cube the parameters are mapped to; above 0, at most 1.</summary>
    public double MaxVelocity { get; init; } = 0.5;

    /// <summary>The sampler of categorical parameters and of parameters outside the searched space (the first trial,
    /// conditional parameters); a <see cref="RandomSampler"/> of the same seed when null.</summary>
    public ISampler? IndependentSampler { get; init; }

    /// <summary>Throws for a setting outside its range, naming it.</summary>
    internal void Validate()
    {
        if (Particles is { } particles)
            ArgumentOutOfRangeException.ThrowIfLessThan(particles, 2, nameof(Particles));
        if (!(Inertia is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(Inertia), Inertia, "Inertia must be a number between 0 and 1.");
        if (!(Cognitive >= 0 && double.IsFinite(Cognitive)))
            throw new ArgumentOutOfRangeException(nameof(Cognitive), Cognitive, "Cognitive must be a finite number of at least 0.");
        if (!(Social >= 0 && double.IsFinite(Social)))
            throw new ArgumentOutOfRangeException(nameof(Social), Social, "Social must be a finite number of at least 0.");
        if (!(MaxVelocity is > 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(MaxVelocity), MaxVelocity, "MaxVelocity must be above 0 and at most 1 (a step in the unit cube).");
    }
}
