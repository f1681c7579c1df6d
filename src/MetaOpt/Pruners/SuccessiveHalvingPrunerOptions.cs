namespace MetaOpt;

/// <summary>Settings of a <see cref="SuccessiveHalvingPruner"/>, named as in the ASHA paper and Optuna.</summary>
/// <example>
/// <code>
/// var pruner = new SuccessiveHalvingPruner(new SuccessiveHalvingPrunerOptions { MinResource = 1, ReductionFactor = 3 });
/// </code>
/// </example>
public sealed record SuccessiveHalvingPrunerOptions
{
    /// <summary>Steps before the first rung (the paper's <c>r</c>), at least 1. When null ("auto"), the last step of
    /// the first trial to complete, divided by 100 (at least 1); nothing is pruned before.</summary>
    public int? MinResource { get; init; }

    /// <summary>The paper's <c>η</c>: rungs are this many times further apart and keep 1/η of the trials; at least 2.</summary>
    public int ReductionFactor { get; init; } = 4;

    /// <summary>The paper's <c>s</c>: skips the first rungs; at least 0.</summary>
    public int MinEarlyStoppingRate { get; init; }

    /// <summary>Trials that must reach a rung before any is promoted from it; at least 0, and 0 when
    /// <see cref="MinResource"/> is automatic.</summary>
    public int BootstrapCount { get; init; }

    /// <summary>Throws for a setting outside its range, naming it.</summary>
    internal void Validate()
    {
        if (MinResource is < 1)
            throw new ArgumentOutOfRangeException(nameof(MinResource), MinResource, "MinResource must be >= 1, or null for automatic.");
        ArgumentOutOfRangeException.ThrowIfLessThan(ReductionFactor, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(MinEarlyStoppingRate, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(BootstrapCount, 0);
        if (BootstrapCount > 0 && MinResource is null)
            throw new ArgumentException(
                $"BootstrapCount is {BootstrapCount}, but a positive BootstrapCount needs an explicit MinResource (it is automatic).",
                nameof(BootstrapCount));
    }
}
