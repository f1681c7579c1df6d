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

    /// <summary>Finishes a trial of a single-objective study with its objective value; NaN or infinity fails it.</summary>
    /// <exception cref="ArgumentException">The study has several objectives (tell all their values).</exception>
    public FrozenTrial Tell(Trial trial, double value) => Tell(trial, TrialState.Complete, [value], failReason: null);

    /// <summary>Finishes a trial with its objective values, one per direction of the study (<see cref="Directions"/>); NaN or infinity in any fails it.</summary>
    /// <exception cref="ArgumentException">Not one value per objective.</exception>
    public FrozenTrial Tell(Trial trial, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Tell(trial, TrialState.Complete, values, failReason: null);
    }

    /// <summary>
    /// Finishes a trial in the given state: Complete needs <paramref name="value"/> (a single-objective study's);
    /// Pruned takes the last reported intermediate value; Failed records no value.
    /// </summary>
    public FrozenTrial Tell(Trial trial, TrialState state, double? value = null) =>
        Tell(trial, state, value is { } v ? [v] : null, failReason: null);

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
        if (Options.Intensification is { } intensification)
            Intensify(intensification);
        // The owner is stored in the same step that starts the trial: a process killed in between would otherwise
        // leave a Running trial that nobody can tell is abandoned until its heartbeat grace period runs out.
        var owners = new Dictionary<string, object> { [OwnerAttr] = owner };
        var created = _storage.StartTrial(Name, Options.MaxTrials, owners);
        if (created is null && !recovered && RecoverAbandonedTrialsAtInterval(force: true))
            created = _storage.StartTrial(Name, Options.MaxTrials, owners);
        if (created is null)
            return null;
        // A retry arrives with the seed of the trial it evaluates again; any other trial gets its own.
        if (created.Seed is null)
            created = Seeded(created);
        // Registered before BeforeTrial, so that what the sampler stores on the trial there is in its snapshot.
        var trial = Live(new Trial(this, created, cancellationToken));
        try
        {
            Sampler.BeforeTrial(this, created);
        }
        catch (Exception e)
        {
            // Without this the trial would stay Running forever, counted as in flight by constant-liar samplers.
            _liveTrials.TryRemove(created.Id, out _);
            _storage.FinishTrial(created.Id, TrialState.Failed, null, $"The sampler failed before the trial started: {e}");
            throw;
        }
        return trial;
    }

    /// <summary>
    /// Enqueues another evaluation of <paramref name="trial"/>'s configuration: a trial with the same parameters and
    /// a link to the configuration (<see cref="RepeatOfAttr"/>) that, when it starts, takes the next repeat index
    /// (<see cref="RepeatAttr"/>) and the seed derived from it. Repeats are trials like any other: they run before
    /// sampled trials, survive kills and resumes, and count toward <see cref="StudyOptions.MaxTrials"/>; samplers
    /// see them as repeated observations of one point.
    /// </summary>
    /// <returns>The Waiting repeat.</returns>
    /// <exception cref="ArgumentException">The trial is not of this study or has no parameters.</exception>
    public FrozenTrial EnqueueRepeat(FrozenTrial trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        if (!Trials.Any(t => t.Id == trial.Id))
            throw new ArgumentException($"Trial {trial.Number} (id {trial.Id}) is not a trial of study '{Name}'.", nameof(trial));
        if (trial.Params.Count == 0)
            throw new ArgumentException($"Trial {trial.Number} has no parameters to evaluate again.", nameof(trial));
        return Repeat(trial, intensify: false, trial.SeedsOf);
    }

    /// <summary>A Waiting repeat of the trial's configuration, seeded from list <paramref name="seedsOf"/> (null: the configuration's own).</summary>
    private FrozenTrial Repeat(FrozenTrial trial, bool intensify, int? seedsOf)
    {
        var system = trial.Params.ToDictionary(kv => Trial.FixedParamPrefix + kv.Key, kv => kv.Value);
        system[RepeatOfAttr] = trial.Configuration;
        if (seedsOf is { } list)
            system[SeedsOfAttr] = list;
        if (intensify)
            system[IntensifyAttr] = true;
        return _storage.CreateTrial(Name, TrialState.Waiting, system);
    }

    /// <summary>
    /// Enqueues the repeats SMAC's rule asks for now (<see cref="Intensifier"/>). Configurations with a trial Waiting
    /// or Running get none, so workers of one process never enqueue one twice (<see cref="Optimize"/> starts trials one
    /// at a time); two processes deciding at the same instant may, which gives a configuration one more seed.
    /// </summary>
    private void Intensify(IntensificationOptions options)
    {
        var trials = Trials;
        // A spent budget starts nothing, so a repeat enqueued now would only wait in the storage.
        if (Options.MaxTrials is { } max && TrialBudget.Used(trials) >= max)
            return;
        foreach (var (trial, repeats) in Intensifier.Plan(trials, Direction, options.MaxRuns))
            for (var k = 0; k < repeats; k++)
                Repeat(trial, intensify: true, trial.SeedsOf);
    }

    /// <summary>
    /// Enqueues what confirming the study's <paramref name="top"/> best distinct configurations with
    /// <paramref name="repeats"/> more seeds each still needs: the configurations ranked by their first evaluation
    /// (which repeats do not change, so a confirmation interrupted and asked again picks the same ones), two
    /// configurations with the same parameters counted once, and for each the repeats that its enqueued or started
    /// ones (<see cref="RepeatOfAttr"/>) do not already provide. A confirmation asked again once complete enqueues nothing.
    /// The repeats take their seeds from the shared list (<see cref="BaselineRuns.Configuration"/>): the k-th repeat of
    /// every confirmed configuration trains with the same seed as the others' k-th and as the baselines' run k, so
    /// that each comparison is paired (<see cref="MeanDifference"/>).
    /// </summary>
    /// <returns>The repeats enqueued now.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="top"/> or <paramref name="repeats"/> is below 1.</exception>
    public IReadOnlyList<FrozenTrial> EnqueueConfirmation(int top, int repeats)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        var trials = Trials;
        var sign = Direction.Sign();
        var chosen = trials
            .Where(t => t.State == TrialState.Complete && t.Repeat == 0 && t.Value is not null)
            .OrderBy(t => sign * t.Value!.Value)
            .ThenBy(t => t.Number)
            .DistinctBy(t => t.ConfigurationKey)
            .Take(top);
        var enqueued = new List<FrozenTrial>();
        foreach (var first in chosen)
        {
            var taken = trials.Count(t => t.Configuration == first.Configuration && t.IsRepeat);
            for (var k = taken; k < repeats; k++)
                enqueued.Add(Repeat(first, intensify: false, BaselineRuns.Configuration));
        }
        return enqueued;
    }

    /// <summary>
    /// The trial with its seed and, for a repeat, its repeat index, both stored. A repeat's index is one more than the
    /// repeats of its configuration numbered before it (retries aside, which keep the index of what they re-run):
    /// storages number trials atomically and in order, so two workers starting repeats of one configuration at once
    /// never take the same index.
    /// </summary>
    private FrozenTrial Seeded(FrozenTrial created)
    {
        // A retry carries the index of what it re-runs (and its seed, unless that trial died before storing it).
        var repeat = created.Repeat;
        if (created.IsRepeat && !created.SystemAttrs.ContainsKey(RepeatAttr))
        {
            var configuration = created.Configuration;
            repeat = 1 + Trials.Count(t => t.Number < created.Number && t.Configuration == configuration && t.IsRepeat);
            _storage.SetTrialSystemAttr(created.Id, RepeatAttr, repeat);
            created = created.WithSystemAttr(RepeatAttr, repeat);
        }
        // In an intensifying study every configuration takes its k-th seed from one shared list, as SMAC compares
        // configurations on the same instance-seed pairs; a repeat stays in its configuration's list.
        var list = created.SeedsOf;
        if (list is null && Options.Intensification is not null && !created.IsRepeat)
        {
            list = BaselineRuns.Configuration;
            _storage.SetTrialSystemAttr(created.Id, SeedsOfAttr, list);
            created = created.WithSystemAttr(SeedsOfAttr, list);
        }
        var seed = SeedOf(list ?? created.Configuration, repeat);
        _storage.SetTrialSystemAttr(created.Id, Trial.SeedAttr, seed);
        return created.WithSystemAttr(Trial.SeedAttr, seed);
    }

    /// <summary>Registers a trial this object runs, so that <see cref="SetTrialSystemAttr"/> reaches its snapshot, until it is told.</summary>
    private Trial Live(Trial trial)
    {
        _liveTrials[trial.Id] = trial;
        return trial;
    }

    /// <summary>Fails a trial that an interruption (Ctrl+C, SIGTERM, a cancelled token) cut short and, with retries on and left, enqueues it again in the same step.</summary>
    internal FrozenTrial Interrupted(Trial running, string failReason)
    {
        var trial = Unfinished(running.Snapshot);
        Sampler.AfterTrial(this, trial, TrialState.Failed, null);
        return Finished(running, FailWithRetry(trial, failReason)?.Trial);
    }

    internal FrozenTrial Tell(Trial running, TrialState state, IReadOnlyList<double>? values, string? failReason)
    {
        // A pruned trial's value is its last report, which for an external trial another process may have made.
        var trial = Unfinished(state == TrialState.Pruned ? running.Latest() : running.Snapshot);
        switch (state)
        {
            case TrialState.Complete when values is null:
                throw new ArgumentException($"Trial {trial.Number}: a Complete trial needs a value.", nameof(values));
            case TrialState.Complete when values.Count != Directions.Count:
                throw new ArgumentException(
                    $"Trial {trial.Number}: study '{Name}' has {Directions.Count} objective{(Directions.Count == 1 ? "" : "s")} ({Directions.ToText()}), " +
                    $"so a Complete trial needs {Directions.Count} value{(Directions.Count == 1 ? "" : "s")}, not {values.Count}.", nameof(values));
            case TrialState.Complete when values.FirstOrDefault(v => !double.IsFinite(v)) is var bad && !double.IsFinite(bad):
                (state, failReason, values) = (TrialState.Failed, $"The objective returned {bad}, which is not a finite number.", null);
                break;
            case TrialState.Complete:
                values = [.. values];
                break;
            case TrialState.Pruned when values is not null:
                throw new ArgumentException(
                    $"Trial {trial.Number}: a Pruned trial takes its last reported value; report {string.Join(", ", values)} with Trial.Report first.", nameof(values));
            case TrialState.Pruned:
                // A non-finite last report leaves the trial without a value, as a NaN would poison samplers and plots.
                values = trial.LastIntermediate?.Value is { } last && double.IsFinite(last) ? [last] : null;
                break;
            case TrialState.Failed:
                values = null;
                break;
            case TrialState.Waiting or TrialState.Running:
                throw new ArgumentException($"Tell needs Complete, Pruned or Failed, not {state}.", nameof(state));
        }
        Sampler.AfterTrial(this, trial, state, values is [var single] ? single : null);
        return Finished(running, _storage.FinishTrial(running.Id, state, values, failReason));
    }

    /// <summary>
    /// What telling a trial ends with: the trial as finished, which it also keeps as its snapshot, or, when the storage
    /// found it already finished (another worker took it for abandoned), the error saying how.
    /// </summary>
    /// <exception cref="InvalidOperationException">It had finished (<see cref="Optimize"/> then warns and goes on).</exception>
    private FrozenTrial Finished(Trial running, FrozenTrial? finished)
    {
        _liveTrials.TryRemove(running.Id, out _);
        var stored = finished ?? _storage.GetTrial(running.Id);
        running.Record(_ => stored);
        if (Options.Artifacts is { } artifacts)
            KeepArtifacts(artifacts);
        return finished ?? throw AlreadyFinished(stored);
    }

    /// <summary>
    /// Applies the keep policy once a trial finished (<see cref="StudyArtifacts.Enforce(IStorage, IArtifactStore, string, IReadOnlyList{Direction}, ArtifactKeepPolicy)"/>). The result is stored
    /// already, so a store that cannot delete is logged and left for the next finish, never failing the trial.
    /// </summary>
    private void KeepArtifacts(IArtifactStore artifacts)
    {
        try
        {
            StudyArtifacts.Enforce(_storage, artifacts, Name, Directions, Options.KeepArtifacts);
        }
        catch (IOException e)
        {
            Logger.ArtifactsNotReleased(Name, artifacts.Location, e.Message);
        }
        catch (UnauthorizedAccessException e)
        {
            Logger.ArtifactsNotReleased(Name, artifacts.Location, e.Message);
        }
    }

    /// <summary>The trial, which must not have finished yet.</summary>
    /// <exception cref="InvalidOperationException">It has (<see cref="Optimize"/> then warns and goes on).</exception>
    private FrozenTrial Unfinished(FrozenTrial trial) => trial.State.IsFinished() ? throw AlreadyFinished(trial) : trial;

    private InvalidOperationException AlreadyFinished(FrozenTrial trial) =>
        new($"Trial {trial.Number} of '{Name}' is already {trial.State}.");
}
