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
/// <para>No decision is taken (the trial goes on) while fewer than <see cref="StartupTrials"/> trials (and at
/// least one) are Complete, while <c>s &lt; WarmupSteps</c>, when fewer than <see cref="MinTrials"/> Complete
/// trials reported a value at step <c>s</c>, or when <c>s</c> is not the first report in its pruning interval:
/// checks happen at steps <c>WarmupSteps + k·IntervalSteps</c>, and a check whose step was skipped is made at the
/// first report after it.</para>
/// </remarks>
public sealed class PercentilePruner : IPruner
{
    /// <summary>Creates the pruner with the default <see cref="PercentilePrunerOptions"/>.</summary>
    /// <param name="percentile">Which percentile of the completed trials a trial must reach, in [0, 100]; 25 keeps the best quarter.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="percentile"/> is outside [0, 100].</exception>
    public PercentilePruner(double percentile)
        : this(percentile, new PercentilePrunerOptions())
    {
    }

    /// <summary>Creates the pruner.</summary>
    /// <param name="percentile">Which percentile of the completed trials a trial must reach, in [0, 100]; 25 keeps the best quarter.</param>
    /// <param name="options">When the pruner decides.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="percentile"/> or a setting is outside its range (the exception names it).</exception>
    public PercentilePruner(double percentile, PercentilePrunerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(percentile is >= 0 and <= 100))
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "percentile must be between 0 and 100 inclusive");
        options.Validate();
        Percentile = percentile;
        StartupTrials = options.StartupTrials;
        WarmupSteps = options.WarmupSteps;
        IntervalSteps = options.IntervalSteps;
        MinTrials = options.MinTrials;
    }

    /// <summary>Creates the pruner from Optuna-style arguments.</summary>
    [Obsolete("Use new PercentilePruner(percentile, new PercentilePrunerOptions { ... }); this constructor goes in the next release.")]
    public PercentilePruner(double percentile, int nStartupTrials = 5, int nWarmupSteps = 0, int intervalSteps = 1, int nMinTrials = 1)
        : this(percentile, PercentilePrunerOptions.FromOptunaArguments(nStartupTrials, nWarmupSteps, intervalSteps, nMinTrials))
    {
    }

    /// <summary>The percentile of completed trials a running trial must reach, in [0, 100].</summary>
    public double Percentile { get; }

    /// <summary>How many trials must be Complete before any pruning.</summary>
    public int StartupTrials { get; }

    /// <summary>The first step at which a trial can be pruned.</summary>
    public int WarmupSteps { get; }

    /// <summary>Steps between two pruning checks, counted from <see cref="WarmupSteps"/>.</summary>
    public int IntervalSteps { get; }

    /// <summary>How many Complete trials must have reported at a step for a decision at that step.</summary>
    public int MinTrials { get; }

    /// <summary>The old name of <see cref="StartupTrials"/>.</summary>
    [Obsolete("Use StartupTrials; this property goes in the next release.")]
    public int NStartupTrials => StartupTrials;

    /// <summary>The old name of <see cref="WarmupSteps"/>.</summary>
    [Obsolete("Use WarmupSteps; this property goes in the next release.")]
    public int NWarmupSteps => WarmupSteps;

    /// <summary>The old name of <see cref="MinTrials"/>.</summary>
    [Obsolete("Use MinTrials; this property goes in the next release.")]
    public int NMinTrials => MinTrials;

    /// <inheritdoc/>
    public bool Prune(Study study, FrozenTrial trial)
    {
        if (trial.LastIntermediate is not { Step: var step })
            return false;
        if (step < WarmupSteps || !IsFirstReportInInterval(trial, step))
            return false;
        var complete = study.GetTrials(TrialState.Complete);
        if (complete.Count == 0 || complete.Count < StartupTrials)
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
        var checkPoint = (step - WarmupSteps) / IntervalSteps * IntervalSteps + WarmupSteps;
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
        if (atStep.Count < MinTrials)
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
