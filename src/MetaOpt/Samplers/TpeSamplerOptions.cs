namespace MetaOpt;

/// <summary>Settings of a <see cref="TpeSampler"/>; the defaults are Optuna's, except <see cref="ConstantLiar"/>.</summary>
/// <example>
/// <code>
/// var sampler = new TpeSampler(new TpeSamplerOptions { Seed = 7, Multivariate = true, Group = true });
/// </code>
/// </example>
public sealed record TpeSamplerOptions
{
    /// <summary>Seed of the random streams, one per trial (see <see cref="Samplers.SamplerRandom"/>); a random seed when null.</summary>
    public int? Seed { get; init; }

    /// <summary>Finished trials sampled at random before the model is used; at least 0.</summary>
    public int StartupTrials { get; init; } = 10;

    /// <summary>The sequence start-up trials are drawn from; null (the default, as Optuna) for independent uniform draws.</summary>
    public QmcKind? StartupDesign { get; init; }

    /// <summary>Candidates drawn from l(x) per suggestion, the best l/g ratio winning; at least 1.</summary>
    public int EiCandidates { get; init; } = 24;

    /// <summary>Sample the shared parameters jointly instead of one by one.</summary>
    public bool Multivariate { get; init; }

    /// <summary>With <see cref="Multivariate"/>: sample each group of parameters that always appear together jointly,
    /// for conditional spaces.</summary>
    public bool Group { get; init; }

    /// <summary>Count running trials as bad, so parallel workers (threads, processes or machines) propose different
    /// points. On by default, unlike Optuna: with one trial at a time there is no running trial to count, so it changes
    /// nothing there.</summary>
    public bool ConstantLiar { get; init; } = true;

    /// <summary>Add a kernel covering the whole range to both mixtures.</summary>
    public bool ConsiderPrior { get; init; } = true;

    /// <summary>Weight of that prior kernel; a positive finite number.</summary>
    public double PriorWeight { get; init; } = 1.0;

    /// <summary>Keep kernel widths at least range / min(100, 1 + kernels).</summary>
    public bool ConsiderMagicClip { get; init; } = true;

    /// <summary>Let the outermost kernels span the gap to the range ends.</summary>
    public bool ConsiderEndpoints { get; init; }

    /// <summary>Size of the "below" group for n finished trials; <see cref="TpeSampler.DefaultGamma"/> when null.</summary>
    public Func<int, int>? Gamma { get; init; }

    /// <summary>Weights of n observations, oldest first; <see cref="TpeSampler.DefaultWeights"/> when null.</summary>
    public Func<int, double[]>? Weights { get; init; }

    /// <summary>Throws for a setting outside its range, naming it.</summary>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(StartupTrials, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(EiCandidates, 1);
        if (StartupDesign is { } design && !Enum.IsDefined(design))
            throw new ArgumentOutOfRangeException(nameof(StartupDesign), design, "StartupDesign must be Sobol, Halton or null (random).");
        if (!(PriorWeight > 0) || !double.IsFinite(PriorWeight))
            throw new ArgumentOutOfRangeException(nameof(PriorWeight), PriorWeight, "PriorWeight must be a positive finite number.");
        if (Group && !Multivariate)
            throw new ArgumentException("Group needs Multivariate: groups are sampled jointly, which univariate TPE never does.", nameof(Group));
    }
}
