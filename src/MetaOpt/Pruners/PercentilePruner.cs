namespace MetaOpt;

/// <summary>
/// Stops a trial whose best intermediate value so far is worse than a percentile of the completed trials'
/// values at the same step (Optuna's <c>PercentilePruner</c>).
/// </summary>
/// <remarks>
/// <para>At a trial's latest step <c>s</c> the pruner compares the trial's best reported value over all its steps
/// (the minimum when minimising, the maximum when maximising; NaN reports ignored) with the
/// <see cref="Percentile"/>-th percentile (linear interpolation, NaN ignored) of the values that Complete trials
/// reported at exactly step <c>s</c>. When maximising the percentile is taken from the top, that is at
/// <c>100 - Percentile</c>. The trial is pruned when its best value is strictly worse than that threshold, and
/// also when every value it reported is NaN.</para>
/// <para>No decision is taken (the trial goes on) while fewer than <see cref="NStartupTrials"/> trials (and at
/// least one) are Complete, while <c>s &lt; NWarmupSteps</c>, when fewer than <see cref="NMinTrials"/> Complete
/// trials reported a value at step <c>s</c>, or when <c>s</c> is not the first report in its pruning interval:
/// checks happen at steps <c>NWarmupSteps + k·IntervalSteps</c>, and a check whose step was skipped is made at the
/// first report after it.</para>
/// </remarks>
public sealed class PercentilePruner : IPruner
{
    /// <summary>Creates the pruner.</summary>
    /// <param name="percentile">Which percentile of the completed trials a trial must reach, in [0, 100]; 25 keeps the best quarter.</param>
    /// <param name="nStartupTrials">No pruning until this many trials are Complete (at least 0).</param>
    /// <param name="nWarmupSteps">No pruning of a trial before this step (at least 0; steps count from 0).</param>
    /// <param name="intervalSteps">Steps between two pruning checks, counted from <paramref name="nWarmupSteps"/> (at least 1).</param>
    /// <param name="nMinTrials">No pruning at a step where fewer Complete trials reported a value (at least 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside the range given above.</exception>
    public PercentilePruner(double percentile, int nStartupTrials = 5, int nWarmupSteps = 0, int intervalSteps = 1, int nMinTrials = 1)
    {
        if (!(percentile is >= 0 and <= 100))
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "percentile must be between 0 and 100 inclusive");
        if (nStartupTrials < 0)
            throw new ArgumentOutOfRangeException(nameof(nStartupTrials), nStartupTrials, "nStartupTrials must be >= 0");
        if (nWarmupSteps < 0)
            throw new ArgumentOutOfRangeException(nameof(nWarmupSteps), nWarmupSteps, "nWarmupSteps must be >= 0");
        if (intervalSteps < 1)
            throw new ArgumentOutOfRangeException(nameof(intervalSteps), intervalSteps, "intervalSteps must be >= 1");
        if (nMinTrials < 1)
            throw new ArgumentOutOfRangeException(nameof(nMinTrials), nMinTrials, "nMinTrials must be >= 1");
        Percentile = percentile;
        NStartupTrials = nStartupTrials;
        NWarmupSteps = nWarmupSteps;
        IntervalSteps = intervalSteps;
        NMinTrials = nMinTrials;
    }

    /// <summary>The percentile of completed trials a running trial must reach, in [0, 100].</summary>
    public double Percentile { get; }

    /// <summary>How many trials must be Complete before any pruning.</summary>
    public int NStartupTrials { get; }

    /// <summary>The first step at which a trial can be pruned.</summary>
    public int NWarmupSteps { get; }

    /// <summary>Steps between two pruning checks, counted from <see cref="NWarmupSteps"/>.</summary>
    public int IntervalSteps { get; }

    /// <summary>How many Complete trials must have reported at a step for a decision at that step.</summary>
    public int NMinTrials { get; }

    /// <inheritdoc/>
    public bool Prune(Study study, FrozenTrial trial)
    {
        if (trial.LastIntermediate is not { Step: var step })
            return false;
        if (step < NWarmupSteps || !IsFirstReportInInterval(trial, step))
            return false;
        var complete = study.GetTrials(TrialState.Complete);
        if (complete.Count == 0 || complete.Count < NStartupTrials)
            return false;
        var best = BestValue(trial, study.Direction);
        if (double.IsNaN(best))
            return true;
        var threshold = Threshold(complete, step, study.Direction);
        return !double.IsNaN(threshold) && study.IsBetter(threshold, best);
    }

    /// <summary>
    /// True when no earlier report of the trial lies at or after the latest check point before <paramref name="step"/>,
    /// so a trial that skips steps is still checked once per interval.
    /// </summary>
    private bool IsFirstReportInInterval(FrozenTrial trial, int step)
    {
        var checkPoint = (step - NWarmupSteps) / IntervalSteps * IntervalSteps + NWarmupSteps;
        var previousStep = -1;
        foreach (var reported in trial.IntermediateValues.Keys)
        {
            if (reported != step && reported > previousStep)
                previousStep = reported;
        }
        return previousStep < checkPoint;
    }

    private static double BestValue(FrozenTrial trial, Direction direction)
    {
        var finite = trial.IntermediateValues.Values.Where(v => !double.IsNaN(v)).ToList();
        if (finite.Count == 0)
            return double.NaN;
        return direction.Best(finite);
    }

    private double Threshold(IReadOnlyList<FrozenTrial> complete, int step, Direction direction)
    {
        var atStep = new List<double>();
        foreach (var trial in complete)
        {
            if (trial.IntermediateValues.TryGetValue(step, out var value))
                atStep.Add(value);
        }
        if (atStep.Count < NMinTrials)
            return double.NaN;
        var percentile = direction == Direction.Maximize ? 100 - Percentile : Percentile;
        return LinearPercentile(atStep.Where(v => !double.IsNaN(v)).Order().ToList(), percentile);
    }

    /// <summary>The percentile of sorted values by linear interpolation between closest ranks (numpy's default); NaN when empty.</summary>
    private static double LinearPercentile(IReadOnlyList<double> sorted, double percentile)
    {
        if (sorted.Count == 0)
            return double.NaN;
        var position = (sorted.Count - 1) * (percentile / 100);
        var below = (int)Math.Floor(position);
        if (below >= sorted.Count - 1)
            return sorted[^1];
        var (low, high, fraction) = (sorted[below], sorted[below + 1], position - below);
        // Interpolating from the nearer end keeps the result inside [low, high] despite rounding.
        return fraction < 0.5 ? low + (high - low) * fraction : high - (high - low) * (1 - fraction);
    }
}
