namespace MetaOpt;

/// <summary>
/// When a <see cref="PercentilePruner"/> or a <see cref="MedianPruner"/> decides: after how many Complete trials, from
/// which step, how often, and on how many reports at a step.
/// </summary>
/// <example>
/// <code>
/// var pruner = new MedianPruner(new PercentilePrunerOptions { WarmupSteps = 2 });
/// </code>
/// </example>
public sealed record PercentilePrunerOptions
{
    /// <summary>No pruning until this many trials are Complete; at least 0.</summary>
    public int StartupTrials { get; init; } = 5;

    /// <summary>No pruning of a trial before this step; at least 0 (steps count from 0).</summary>
    public int WarmupSteps { get; init; }

    /// <summary>Steps between two pruning checks, counted from <see cref="WarmupSteps"/>; at least 1.</summary>
    public int IntervalSteps { get; init; } = 1;

    /// <summary>No pruning at a step where fewer Complete trials reported a value; at least 1.</summary>
    public int MinTrials { get; init; } = 1;

    /// <summary>Throws for a setting outside its range, naming it.</summary>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(StartupTrials, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(WarmupSteps, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(IntervalSteps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MinTrials, 1);
    }

    // What the obsolete constructors of both pruners forward; goes with them.
    internal static PercentilePrunerOptions FromOptunaArguments(int nStartupTrials, int nWarmupSteps, int intervalSteps, int nMinTrials) =>
        new() { StartupTrials = nStartupTrials, WarmupSteps = nWarmupSteps, IntervalSteps = intervalSteps, MinTrials = nMinTrials };
}
