namespace MetaOpt;

public sealed partial class Study
{
    /// <summary>
    /// System attribute of a started trial naming the worker that runs it, as "host:pid:start-ticks" (or "external"):
    /// what recovery, the report's timeline and the dashboard read.
    /// </summary>
    public const string OwnerAttr = "owner";

    /// <summary>Starts a new trial (an enqueued one first, if any) for the caller to evaluate and then <see cref="Tell(Trial, double)"/>.</summary>
    /// <exception cref="InvalidOperationException">The study has spent its <see cref="StudyOptions.MaxTrials"/>.</exception>
    public Trial Ask() => Started(Ask(CancellationToken.None));

    /// <summary>Enqueues a configuration to evaluate before the sampler proposes new ones.</summary>
    /// <param name="parameters">Values by parameter name, as the objective will suggest them; parameters not given are sampled.</param>
    /// <param name="userAttrs">Optional user attributes to attach to the trial.</param>
    /// <exception cref="ArgumentException">A value is not a string, boolean or number.</exception>
    public void EnqueueTrial(IReadOnlyDictionary<string, object> parameters, IReadOnlyDictionary<string, object>? userAttrs = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var system = parameters.ToDictionary(kv => Trial.FixedParamPrefix + kv.Key, kv => AttributeValue.Check(kv.Key, kv.Value, "Parameter"));
        var user = userAttrs?.ToDictionary(kv => kv.Key, kv => AttributeValue.Check(kv.Key, kv.Value));
        _storage.CreateTrial(Name, TrialState.Waiting, system, user);
    }

    /// <summary>Finishes a trial with its objective value; NaN or infinity fails it.</summary>
    public FrozenTrial Tell(Trial trial, double value) => Tell(trial.Id, TrialState.Complete, value, failReason: null);

    /// <summary>
    /// Finishes a trial in the given state: Complete needs <paramref name="value"/>; Pruned takes the last reported
    /// intermediate value; Failed records no value.
    /// </summary>
    public FrozenTrial Tell(Trial trial, TrialState state, double? value = null) => Tell(trial.Id, state, value, failReason: null);

    private Trial Started(Trial? trial) =>
        trial ?? throw new InvalidOperationException($"Study '{Name}' has started all its {Options.MaxTrials} trials.");

    /// <summary>The next trial, or null when the study has spent its <see cref="StudyOptions.MaxTrials"/>.</summary>
    internal Trial? Ask(CancellationToken cancellationToken) => Ask(ProcessIdentity.Current.ToString(), cancellationToken);

    private Trial? Ask(string owner, CancellationToken cancellationToken)
    {
        // Like Optuna's fail_stale_trials: the writer that goes on with the study fails (and retries) the trials of
        // dead workers before it starts one, so their configurations are evaluated before new ones. At most once per
        // heartbeat interval (the time scale on which workers are judged), and always before the budget is taken as spent, since
        // an abandoned trial counts toward it until it is failed and retried.
        var recovered = RecoverAbandonedTrialsAtInterval(force: false);
        // The owner is stored in the same step that starts the trial: a process killed in between would otherwise
        // leave a Running trial that nobody can tell is abandoned until its heartbeat grace period runs out.
        var owners = new Dictionary<string, object> { [OwnerAttr] = owner };
        var created = _storage.StartTrial(Name, Options.MaxTrials, owners);
        if (created is null && !recovered && RecoverAbandonedTrialsAtInterval(force: true))
            created = _storage.StartTrial(Name, Options.MaxTrials, owners);
        if (created is null)
            return null;
        try
        {
            Sampler.BeforeTrial(this, created);
        }
        catch (Exception e)
        {
            // Without this the trial would stay Running forever, counted as in flight by constant-liar samplers.
            _storage.FinishTrial(created.Id, TrialState.Failed, null, $"The sampler failed before the trial started: {e}");
            throw;
        }
        return new Trial(this, created, cancellationToken);
    }

    /// <summary>Fails a trial that an interruption (Ctrl+C, SIGTERM, a cancelled token) cut short and, with retries on and left, enqueues it again in the same step.</summary>
    internal FrozenTrial Interrupted(long trialId, string failReason)
    {
        var trial = Unfinished(trialId);
        Sampler.AfterTrial(this, trial, TrialState.Failed, null);
        if (FailWithRetry(trial, failReason) is null)
            throw FinishedConcurrently(trial);
        return _storage.GetTrial(trialId);
    }

    internal FrozenTrial Tell(long trialId, TrialState state, double? value, string? failReason)
    {
        var trial = Unfinished(trialId);
        switch (state)
        {
            case TrialState.Complete when value is null:
                throw new ArgumentException($"Trial {trial.Number}: a Complete trial needs a value.", nameof(value));
            case TrialState.Complete when !double.IsFinite(value.Value):
                (state, failReason, value) = (TrialState.Failed, $"The objective returned {value.Value}, which is not a finite number.", null);
                break;
            case TrialState.Pruned when value is not null:
                throw new ArgumentException(
                    $"Trial {trial.Number}: a Pruned trial takes its last reported value; report {value} with Trial.Report first.", nameof(value));
            case TrialState.Pruned:
                // A non-finite last report leaves the trial without a value, as a NaN would poison samplers and plots.
                value = trial.LastIntermediate?.Value is { } last && double.IsFinite(last) ? last : null;
                break;
            case TrialState.Failed:
                value = null;
                break;
            case TrialState.Waiting or TrialState.Running:
                throw new ArgumentException($"Tell needs Complete, Pruned or Failed, not {state}.", nameof(state));
        }
        Sampler.AfterTrial(this, trial, state, value);
        if (!_storage.FinishTrial(trialId, state, value, failReason))
            throw FinishedConcurrently(trial);
        return _storage.GetTrial(trialId);
    }

    /// <summary>The trial, which must not have finished yet.</summary>
    /// <exception cref="InvalidOperationException">It has (<see cref="Optimize"/> then warns and goes on).</exception>
    private FrozenTrial Unfinished(long trialId)
    {
        var trial = _storage.GetTrial(trialId);
        return trial.State.IsFinished()
            ? throw new InvalidOperationException($"Trial {trial.Number} of '{Name}' is already {trial.State}.")
            : trial;
    }

    private InvalidOperationException FinishedConcurrently(FrozenTrial trial) =>
        new($"Trial {trial.Number} of '{Name}' finished concurrently.");
}
