namespace MetaOpt;

/// <summary>
/// Which trials count toward a study's trial budget (<c>--trials N</c>, Optuna's <c>n_trials</c>): the Running and
/// finished ones, except a Failed trial whose configuration is being evaluated again (a trial that carries
/// <see cref="Study.RetryOfAttr"/> supersedes it). A killed or interrupted trial that is re-run so counts once, as its
/// re-run; one whose retries are used up counts as failed.
/// </summary>
public static class TrialBudget
{
    /// <summary>The trials of one study that count toward its budget, Running ones included.</summary>
    public static int Used(IEnumerable<FrozenTrial> trials)
    {
        var used = 0;
        foreach (var trial in trials)
        {
            if (trial.State != TrialState.Waiting)
                used++;
            // Each retry supersedes exactly one Failed trial (a trial fails only once).
            if (trial.SystemAttrs.ContainsKey(Study.RetryOfAttr))
                used--;
        }
        return used;
    }

    /// <summary>
    /// Of <see cref="Used"/>, the trials that repeat a configuration (<see cref="Study.EnqueueRepeat"/>, repeat index 1
    /// or more) outside intensification: what a confirmation spent, which a search budget such as the launcher's
    /// <c>--trials</c> leaves out. Intensification's repeats (<see cref="Study.IntensifyAttr"/>) are part of the search.
    /// </summary>
    public static int UsedByRepeats(IEnumerable<FrozenTrial> trials) =>
        Used(trials.Where(t => t.Repeat > 0 && !t.SystemAttrs.ContainsKey(Study.IntensifyAttr)));
}
