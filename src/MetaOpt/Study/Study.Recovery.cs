namespace MetaOpt;

public sealed partial class Study
{
    internal const string RetryOfAttr = "retry_of";
    internal const string RetryCountAttr = "retry_count";

    /// <summary>
    /// Fails the Running trials whose worker is gone (a dead process on this machine, or a silent heartbeat from
    /// another one) and, with <see cref="StudyOptions.RetryFailedTrials"/>, enqueues their parameters again.
    /// </summary>
    /// <returns>The trials that were failed.</returns>
    public IReadOnlyList<FrozenTrial> RecoverAbandonedTrials()
    {
        var failed = new List<FrozenTrial>();
        foreach (var trial in GetTrials(TrialState.Running))
        {
            var reason = AbandonReason(trial);
            if (reason is null || !_storage.FinishTrial(trial.Id, TrialState.Failed, null, reason))
                continue;
            failed.Add(trial);
            if (Options.RetryFailedTrials && RetryCount(trial) < Options.MaxRetries)
                _storage.CreateTrial(Name, TrialState.Waiting, RetryAttributes(trial), trial.UserAttrs);
        }
        return failed;
    }

    private string? AbandonReason(FrozenTrial trial)
    {
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
        var attrs = trial.Params.ToDictionary(kv => Trial.FixedParamPrefix + kv.Key, kv => kv.Value);
        attrs[RetryOfAttr] = trial.Number;
        attrs[RetryCountAttr] = RetryCount(trial) + 1;
        return attrs;
    }
}
