namespace MetaOpt.Pruners;

/// <summary>Finds the trial that "auto" resource settings are derived from.</summary>
internal static class FirstCompletedTrial
{
    /// <summary>
    /// The last reported step of the Complete trial (with at least one report) that finished first, or null
    /// before there is one.
    /// </summary>
    /// <remarks>
    /// Optuna derives "auto" resources from the Complete trials it sees the first time it needs them and then keeps
    /// the value in the pruner object. Taking the first trial to complete gives the same value in a sequential
    /// study, and a reloaded study (a new pruner object) derives the same value again instead of a new one.
    /// </remarks>
    public static int? LastStep(IEnumerable<FrozenTrial> trials)
    {
        FrozenTrial? first = null;
        foreach (var trial in trials)
        {
            if (trial.State != TrialState.Complete || trial.IntermediateValues.Count == 0)
                continue;
            if (first is null || (trial.DatetimeComplete, trial.Number).CompareTo((first.DatetimeComplete, first.Number)) < 0)
                first = trial;
        }
        return first?.LastIntermediate!.Value.Step;
    }
}
