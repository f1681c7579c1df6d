namespace MetaOpt;

/// <summary>
/// Settings of an <see cref="NsgaIISampler"/>. The defaults are Deb et al. (2002)'s: crossover probability 0.9,
/// mutation probability 1/n for n parameters, distribution indices 20 for simulated binary crossover and polynomial mutation.
/// </summary>
/// <example>
/// <code>
/// var sampler = new NsgaIISampler(new NsgaIISamplerOptions { Seed = 1, PopulationSize = 40 });
/// </code>
/// </example>
public sealed record NsgaIISamplerOptions
{
    /// <summary>Seed of every random draw; a random seed when null.</summary>
    public int? Seed { get; init; }

    /// <summary>Trials per generation, and the size of the parent population kept between generations; at least 2.</summary>
    public int PopulationSize { get; init; } = 50;

    /// <summary>The chance that a child mixes its two parents; otherwise it copies the first before mutation. Between 0 and 1.</summary>
    public double CrossoverProbability { get; init; } = 0.9;

    /// <summary>
    /// The chance that crossover exchanges one parameter between the parents: each numeric one through simulated
    /// binary crossover, each categorical one by swapping the choices. Between 0 and 1.
    /// </summary>
    public double SwappingProbability { get; init; } = 0.5;

    /// <summary>The chance that mutation changes each parameter of a child; 1/n for n parameters when null. Between 0 and 1.</summary>
    public double? MutationProbability { get; init; }

    /// <summary>Distribution index of simulated binary crossover: larger keeps children nearer their parents. Above 0.</summary>
    public double CrossoverEta { get; init; } = 20;

    /// <summary>Distribution index of polynomial mutation: larger makes smaller moves. Above 0.</summary>
    public double MutationEta { get; init; } = 20;

    /// <summary>The sampler of the first generation and of parameters outside the searched space (conditional ones); a
    /// <see cref="RandomSampler"/> of the same seed when null. It must support several objectives in a multi-objective study.</summary>
    public ISampler? IndependentSampler { get; init; }

    /// <summary>
    /// The constraints of a trial, as Optuna's <c>constraints_func</c>: called with each trial as it completes (its
    /// parameters and user attributes, before its state is stored), each value at most 0 when satisfied; the values are
    /// stored with the trial (<see cref="NsgaIISampler.ConstraintsAttr"/>), and selection uses Deb's
    /// constraint-domination (a feasible trial beats an infeasible one, the smaller total violation beats the larger).
    /// None when null.
    /// </summary>
    public Func<FrozenTrial, IReadOnlyList<double>>? Constraints { get; init; }

    /// <summary>Throws for a setting outside its range, naming it.</summary>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(PopulationSize, 2, nameof(PopulationSize));
        Probability(CrossoverProbability, nameof(CrossoverProbability));
        Probability(SwappingProbability, nameof(SwappingProbability));
        if (MutationProbability is { } mutation)
            Probability(mutation, nameof(MutationProbability));
        if (!(CrossoverEta > 0 && double.IsFinite(CrossoverEta)))
            throw new ArgumentOutOfRangeException(nameof(CrossoverEta), CrossoverEta, "CrossoverEta must be a finite number above 0.");
        if (!(MutationEta > 0 && double.IsFinite(MutationEta)))
            throw new ArgumentOutOfRangeException(nameof(MutationEta), MutationEta, "MutationEta must be a finite number above 0.");
    }

    private static void Probability(double value, string name)
    {
        if (!(value is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a probability between 0 and 1.");
    }
}
