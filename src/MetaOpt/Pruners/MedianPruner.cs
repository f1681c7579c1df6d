namespace MetaOpt;

/// <summary>
/// Stops a trial whose best intermediate value so far is worse than the median of the completed trials' values
/// at the same step (Optuna's <c>MedianPruner</c>): a <see cref="PercentilePruner"/> at the 50th percentile.
/// </summary>
/// <remarks>See <see cref="PercentilePruner"/> for the exact rule, the start-up, warm-up and interval checks.</remarks>
public sealed class MedianPruner : IPruner
{
    private readonly PercentilePruner _percentile;

    /// <summary>Creates the pruner with the default <see cref="PercentilePrunerOptions"/>.</summary>
    public MedianPruner()
        : this(new PercentilePrunerOptions())
    {
    }

    /// <summary>Creates the pruner.</summary>
    /// <param name="options">When the pruner decides.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is outside its range (the exception names it).</exception>
    public MedianPruner(PercentilePrunerOptions options) => _percentile = new PercentilePruner(50, options);

    /// <summary>Creates the pruner from Optuna-style arguments.</summary>
    [Obsolete("Use new MedianPruner(new PercentilePrunerOptions { ... }); this constructor goes in the next release.")]
    public MedianPruner(int nStartupTrials = 5, int nWarmupSteps = 0, int intervalSteps = 1, int nMinTrials = 1)
        : this(PercentilePrunerOptions.FromOptunaArguments(nStartupTrials, nWarmupSteps, intervalSteps, nMinTrials))
    {
    }

    /// <summary>How many trials must be Complete before any pruning.</summary>
    public int StartupTrials => _percentile.StartupTrials;

    /// <summary>The first step at which a trial can be pruned.</summary>
    public int WarmupSteps => _percentile.WarmupSteps;

    /// <summary>Steps between two pruning checks, counted from <see cref="WarmupSteps"/>.</summary>
    public int IntervalSteps => _percentile.IntervalSteps;

    /// <summary>How many Complete trials must have reported at a step for a decision at that step.</summary>
    public int MinTrials => _percentile.MinTrials;

    /// <inheritdoc/>
    public bool Prune(Study study, FrozenTrial trial) => _percentile.Prune(study, trial);
}
