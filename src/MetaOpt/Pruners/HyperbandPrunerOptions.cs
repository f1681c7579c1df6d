namespace MetaOpt;

/// <summary>Settings of a <see cref="HyperbandPruner"/>, named as in the Hyperband paper and Optuna.</summary>
/// <example>
/// <code>
/// var pruner = new HyperbandPruner(new HyperbandPrunerOptions { MaxResource = 27, ReductionFactor = 3 });
/// </code>
/// </example>
public sealed record HyperbandPrunerOptions
{
    /// <summary>Steps before the first rung of bracket 0 (the paper's <c>r</c>), at least 1.</summary>
    public int MinResource { get; init; } = 1;

    /// <summary>The largest step count a trial runs, at least <see cref="MinResource"/>. When null ("auto"), the last
    /// reported step + 1 of the first trial to complete; nothing is pruned before.</summary>
    public int? MaxResource { get; init; }

    /// <summary>The paper's <c>η</c>, at least 2.</summary>
    public int ReductionFactor { get; init; } = 3;

    /// <summary>Trials that must reach a rung before any is promoted from it; at least 0, and 0 when
    /// <see cref="MaxResource"/> is automatic.</summary>
    public int BootstrapCount { get; init; }

    /// <summary>Throws for a setting outside its range, naming it.</summary>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MinResource, 1);
        if (MaxResource < MinResource)
            throw new ArgumentOutOfRangeException(nameof(MaxResource), MaxResource,
                $"MaxResource must be >= MinResource ({MinResource}), or null for automatic.");
        ArgumentOutOfRangeException.ThrowIfLessThan(ReductionFactor, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(BootstrapCount, 0);
        if (BootstrapCount > 0 && MaxResource is null)
            throw new ArgumentException(
                $"BootstrapCount is {BootstrapCount}, but a positive BootstrapCount needs an explicit MaxResource (it is automatic).",
                nameof(BootstrapCount));
    }
}
