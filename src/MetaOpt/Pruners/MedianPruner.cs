namespace MetaOpt;

/// <summary>
/// Stops a trial whose best intermediate value so far is worse than the median of the completed trials' values
/// at the same step (Optuna's <c>MedianPruner</c>): a <see cref="PercentilePruner"/> at the 50th percentile.
/// </summary>
/// <remarks>See <see cref="PercentilePruner"/> for the exact rule, the start-up, warm-up and interval checks.</remarks>
public sealed class MedianPruner : IPruner
{
    private readonly PercentilePruner _percentile;

    /// <summary>Creates the pruner.</summary>
    /// <param name="nStartupTrials">No pruning until this many trials are Complete (at least 0).</param>
    /// <param name="nWarmupSteps">No pruning of a trial before this step (at least 0; steps count from 0).</param>
    /// <param name="intervalSteps">Steps between two pruning checks, counted from <paramref name="nWarmupSteps"/> (at least 1).</param>
    /// <param name="nMinTrials">No pruning at a step where fewer Complete trials reported a value (at least 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside the range given above.</exception>
    public MedianPruner(int nStartupTrials = 5, int nWarmupSteps = 0, int intervalSteps = 1, int nMinTrials = 1) =>
        _percentile = new PercentilePruner(50, nStartupTrials, nWarmupSteps, intervalSteps, nMinTrials);

    /// <inheritdoc/>
    public bool Prune(Study study, FrozenTrial trial) => _percentile.Prune(study, trial);
}
