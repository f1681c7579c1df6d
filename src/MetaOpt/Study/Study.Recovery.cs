namespace MetaOpt;

public sealed partial class Study
{
    /// <summary>
    /// System attribute of a trial that evaluates a failed trial's configuration again: the failed trial's number.
    /// Such a failed trial does not count toward the study's budget (<see cref="TrialBudget"/>).
    /// </summary>
    public const string RetryOfAttr = "retry_of";
    internal const string RetryCountAttr = "retry_count";

    /// <summary>System attribute of a repeat (<see cref="EnqueueRepeat"/>) or a retry: the number of the trial that first evaluated its configuration.</summary>
    public const string RepeatOfAttr = "repeat_of";

    /// <summary>System attribute of a repeat: which evaluation of its configuration it is, from 1 (the first evaluation is 0).</summary>
    public const string RepeatAttr = "repeat";

    /// <summary>
    /// System attribute of a trial of an intensifying study (<see cref="StudyOptions.Intensification"/>) or of a
    /// confirmation's repeat (<see cref="EnqueueConfirmation"/>): the configuration whose seeds it takes,
    /// <see cref="BaselineRuns.Configuration"/>, so that repeat k of every such configuration (and baseline run k)
    /// uses the same seed, <c>SeedOf(-1, k)</c>.
    /// </summary>
    public const string SeedsOfAttr = "seeds_of";

    /// <summary>System attribute of a repeat that intensification enqueued (true): part of the search's budget, unlike a confirmation's.</summary>
    public const string IntensifyAttr = "intensify";

    // When Ask next looks for abandoned trials (UTC ticks); 0 at first, so the first Ask always does.
    private long _nextRecoveryTicks;

    /// <summary>
    /// Fails the Running trials whose worker is gone (a dead process on this machine, or a silent heartbeat from
    /// another one) and, with <see cref="StudyOptions.RetryFailedTrials"/> and retries left, enqueues their
    /// configuration again in the same storage step. <see cref="Ask()"/> does this before it starts a trial, so only
    /// a caller that wants to say what was recovered needs to call it; loading a study never writes.
    /// </summary>
    /// <returns>The trials that were failed, each with its retry.</returns>
    public IReadOnlyList<AbandonedTrial> RecoverAbandonedTrials()
    {
        var recovered = new List<AbandonedTrial>();
        foreach (var trial in GetTrials(TrialState.Running))
        {
            if (AbandonReason(trial) is { } reason && FailWithRetry(trial, reason) is { } abandoned)
                recovered.Add(abandoned);
        }
        return recovered;
    }

    /// <summary>
    /// The trials that count toward a trial budget (Optuna's n_trials): Complete, Pruned, and Failed ones whose
    /// configuration is not evaluated again by a later trial. A trial killed or interrupted and then retried does not
    /// count; one whose retries were used up does.
    /// </summary>
    public int FinishedTrialCount
    {
        get
        {
            var trials = Trials;
            return TrialBudget.Used(trials) - trials.Count(t => t.State == TrialState.Running);
        }
    }

    /// <summary>
    /// Runs <see cref="RecoverAbandonedTrials"/> when <paramref name="force"/>d or when a heartbeat interval has passed
    /// since this study object last did (every time without heartbeats); true when it ran and failed some trial.
    /// </summary>
    private bool RecoverAbandonedTrialsAtInterval(bool force)
    {
        var now = DateTime.UtcNow.Ticks;
        var due = Interlocked.Read(ref _nextRecoveryTicks);
        if (!force && now < due)
            return false;
        if (Options.HeartbeatInterval != Timeout.InfiniteTimeSpan)
            Interlocked.Exchange(ref _nextRecoveryTicks, now + Options.HeartbeatInterval.Ticks);
        return RecoverAbandonedTrials().Count > 0;
    }

    /// <summary>Fails a Running trial and, when retries are on and left, enqueues its configuration in the same step; null if it had already finished.</summary>
    private AbandonedTrial? FailWithRetry(FrozenTrial trial, string reason)
    {
        if (Options.RetryFailedTrials && RetryCount(trial) < Options.MaxRetries)
        {
            var retry = _storage.FailTrialAndRetry(trial.Id, reason, RetryAttributes(trial), trial.UserAttrs);
            return retry is null ? null : new AbandonedTrial(_storage.GetTrial(trial.Id), retry);
        }
        return _storage.FinishTrial(trial.Id, TrialState.Failed, null, reason) is { } failed ? new AbandonedTrial(failed, null) : null;
    }

    private string? AbandonReason(FrozenTrial trial)
    {
        if (trial.SystemAttrs.GetValueOrDefault(OwnerAttr) is ExternalOwner)
            return null;
        var owner = trial.SystemAttrs.TryGetValue(OwnerAttr, out var text) ? ProcessIdentity.Parse(text as string ?? "") : null;
        if (owner is { IsLocal: true })
            return owner.IsAlive() ? null : $"Its worker process {owner.Pid} died while the trial was running.";
        var silentFor = DateTime.UtcNow - (trial.Heartbeat ?? trial.DatetimeStart ?? DateTime.MinValue);
        return silentFor > Options.HeartbeatGracePeriod
            ? $"No heartbeat from its worker {owner?.ToString() ?? "(unknown)"} for {silentFor.TotalSeconds:F0} s."
            : null;
    }

    private static int RetryCount(FrozenTrial trial) =>
        trial.SystemAttrs.TryGetValue(RetryCountAttr, out var count) ? Convert.ToInt32(count) : 0;

    private static Dictionary<string, object> RetryAttributes(FrozenTrial trial)
    {
        // The parameters it was enqueued with (a repeat's, a confirmation's) as well as those it suggested: a trial
        // killed before its objective suggested them must not be retried with a new sample under its configuration's link.
        var attrs = trial.SystemAttrs.Where(kv => kv.Key.StartsWith(Trial.FixedParamPrefix, StringComparison.Ordinal)).ToDictionary();
        foreach (var (name, value) in trial.Params)
            attrs[Trial.FixedParamPrefix + name] = value;
        attrs[RetryOfAttr] = trial.Number;
        // The same evaluation again, of the same configuration: a failure must not change the seed it is judged with.
        attrs[RepeatOfAttr] = trial.Configuration;
        attrs[RepeatAttr] = trial.Repeat;
        if (trial.Seed is { } seed)
            attrs[Trial.SeedAttr] = seed;
        attrs[RetryCountAttr] = RetryCount(trial) + 1;
        // A retry stays in the seed list and the budget it was started in.
        foreach (var kept in new[] { SeedsOfAttr, IntensifyAttr })
            if (trial.SystemAttrs.TryGetValue(kept, out var value))
                attrs[kept] = value;
        return attrs;
    }
}
