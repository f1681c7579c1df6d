namespace MetaOpt;

/// <summary>A running trial: the objective's handle to suggest parameters, report progress and ask about pruning.</summary>
/// <remarks>
/// Every suggestion, report and attribute is written to the storage at once, so a killed process loses at most
/// the trial it was running. A trial belongs to one worker thread; do not share it between threads.
/// The trial keeps its own snapshot of what it stored, so sampling and telling read nothing back from the storage
/// (on a database, each read is a round trip).
/// A trial running in a worker process (<c>TrialWorker</c>, MetaOpt.Hosting) forwards all of these to the parent,
/// whose own trial samples, stores and prunes.
/// </remarks>
public sealed class Trial
{
    internal const string FixedParamPrefix = "fixed_params:";

    private readonly Study? _study;
    private readonly ITrialChannel? _channel;
    private readonly Dictionary<string, object> _params = new();
    private readonly Dictionary<string, Distribution> _distributions = new();
    private readonly IReadOnlyDictionary<string, object> _fixedParams;
    private readonly Lazy<IReadOnlyDictionary<string, (Distribution Distribution, double Value)>> _relative;
    private readonly object _snapshotLock = new();
    private FrozenTrial? _snapshot;
    private readonly int? _seed;
    private readonly bool _canSaveArtifacts;

    internal Trial(Study study, FrozenTrial created, CancellationToken cancellationToken)
    {
        _study = study;
        _snapshot = created;
        Id = created.Id;
        Number = created.Number;
        CancellationToken = cancellationToken;
        _fixedParams = created.FixedParams;
        _relative = new(() => SampleRelative(Snapshot));
    }

    /// <summary>A trial in a worker process: every suggestion, report and question goes to the parent through <paramref name="channel"/>.</summary>
    internal Trial(ITrialChannel channel, long id, int number, int seed, string? device, bool canSaveArtifacts = false)
    {
        _channel = channel;
        _canSaveArtifacts = canSaveArtifacts;
        Id = id;
        Number = number;
        _seed = seed;
        Device = device;
        _fixedParams = new Dictionary<string, object>();
        _relative = new(() => new Dictionary<string, (Distribution, double)>());
    }

    /// <summary>Storage-wide identifier.</summary>
    public long Id { get; }

    /// <summary>Position in the study, from 0.</summary>
    public int Number { get; }

    /// <summary>The system attribute holding the trial's training seed (<see cref="Seed"/>).</summary>
    public const string SeedAttr = "seed";

    /// <summary>
    /// The seed an objective trains with (initialisation, shuffling, batching): derived from the study seed
    /// (<see cref="Study.Seed"/>) and the trial's configuration, stored with the trial when it starts, so that the
    /// trial trained again with it and its parameters gives the same values. A retry of a failed trial keeps it.
    /// </summary>
    public int Seed => _seed ?? Snapshot.Seed ?? Study.SeedOf(Number, 0);

    /// <summary>The study this trial belongs to.</summary>
    /// <exception cref="InvalidOperationException">The trial runs in a worker process, where the study lives in the parent.</exception>
    public Study Study => _study ?? throw InWorkerProcess();

    /// <summary>Fires when the study is cancelled; long objectives should pass it on to their training loop.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The user attribute in which <see cref="Study.Optimize"/> records the device a trial was placed on.</summary>
    public const string DeviceAttr = "device";

    /// <summary>The user attribute in which <see cref="Study.Optimize"/> records, with packed device slots
    /// (<see cref="Execution.DeviceSlots.Packed"/>), how many trials could share the trial's device when it started.</summary>
    public const string TrialsPerDeviceAttr = "trials_per_device";

    /// <summary>
    /// The device slot <see cref="Study.Optimize"/> placed this trial on (<c>cpu</c> or <c>cuda:N</c>), held by no
    /// other running trial; null when the study was given no device slots. An objective that trains passes it on.
    /// </summary>
    public string? Device { get; internal set; }

    /// <summary>The parameters suggested so far, as the objective saw them.</summary>
    public IReadOnlyDictionary<string, object> Params => _params;

    /// <summary>Suggests a real value in [<paramref name="low"/>, <paramref name="high"/>].</summary>
    /// <param name="name">Parameter name, unique within the trial.</param>
    /// <param name="low">Smallest value.</param>
    /// <param name="high">Largest value.</param>
    /// <param name="step">Optional grid spacing; must divide <c>high - low</c>.</param>
    /// <param name="log">Sample in log space (needs <paramref name="low"/> &gt; 0).</param>
    /// <exception cref="InvalidSearchSpaceException">Bad bounds, or the name was suggested before with another range.</exception>
    public double SuggestFloat(string name, double low, double high, double? step = null, bool log = false) =>
        (double)Suggest(name, () => new FloatDistribution(low, high, log, step));

    /// <summary>Suggests an integer in [<paramref name="low"/>, <paramref name="high"/>] on a grid of <paramref name="step"/>.</summary>
    /// <exception cref="InvalidSearchSpaceException">Bad bounds, or the name was suggested before with another range.</exception>
    public int SuggestInt(string name, int low, int high, int step = 1, bool log = false) =>
        (int)Suggest(name, () => new IntDistribution(low, high, log, step));

    /// <summary>Suggests one of <paramref name="choices"/> (strings, numbers or booleans).</summary>
    /// <exception cref="InvalidSearchSpaceException">Empty or repeated choices, or the name was suggested before with other choices.</exception>
    public T SuggestCategorical<T>(string name, IReadOnlyList<T> choices) where T : notnull
    {
        var value = Suggest(name, () => new CategoricalDistribution(choices.Cast<object>()));
        // A choice read back from storage may be boxed as another numeric type than T; map it to the caller's own value.
        return value is T typed ? typed : choices[((CategoricalDistribution)_distributions[name]).IndexOf(value)];
    }

    /// <summary>Records an intermediate objective value (for example the validation loss after an epoch).</summary>
    /// <param name="value">The value at this step.</param>
    /// <param name="step">A non-negative step number such as the epoch; a step reported again keeps its first value
    /// and the study warns (as Optuna does), so a pruner never sees a curve rewritten.</param>
    /// <exception cref="OperationCanceledException">The study was cancelled: the objective should stop.</exception>
    /// <exception cref="InvalidOperationException">The study has several objectives, where pruning is refused (as in Optuna).</exception>
    public void Report(double value, int step)
    {
        RefuseInMultiObjectiveStudy(nameof(Report));
        if (step < 0)
            throw new ArgumentOutOfRangeException(nameof(step), step, "step must be >= 0");
        CancellationToken.ThrowIfCancellationRequested();
        if (_channel is not null)
            _channel.Report(value, step);
        // The snapshot holds the steps this trial reported and, for a trial resumed in another process (ask/tell), those before.
        else if (Snapshot.IntermediateValues.TryGetValue(step, out var first))
            Study.Logger.StepReportedAgain(Number, Study.Name, first, step, value);
        else
        {
            Study.Storage.SetTrialIntermediateValue(Id, step, value);
            Record(t => t.WithIntermediateValue(step, value));
            // Another process reporting this step of an external trial at the same time may have stored it first: its value stands.
            if (Latest().IntermediateValues.TryGetValue(step, out var stored) && !stored.Equals(value))
                Study.Logger.StepReportedAgain(Number, Study.Name, stored, step, value);
        }
    }

    /// <summary>Asks the study's pruner whether this trial should stop now; if so, throw <see cref="TrialPrunedException"/>.</summary>
    /// <exception cref="OperationCanceledException">The study was cancelled: the objective should stop.</exception>
    /// <exception cref="InvalidOperationException">The study has several objectives, where pruning is refused (as in Optuna).</exception>
    public bool ShouldPrune()
    {
        RefuseInMultiObjectiveStudy(nameof(ShouldPrune));
        CancellationToken.ThrowIfCancellationRequested();
        return _channel?.ShouldPrune() ?? Study.Pruner.Prune(Study, Latest());
    }

    private void RefuseInMultiObjectiveStudy(string method)
    {
        if (_study is { IsMultiObjective: true } study)
            throw new InvalidOperationException(
                $"Trial.{method}: study '{study.Name}' has {study.Directions.Count} objectives, and pruning (intermediate values compared by a pruner) is single-objective only.");
    }

    /// <summary>Stores a user attribute with the trial: a string, boolean or number.</summary>
    public void SetUserAttr(string key, object value)
    {
        var checkedValue = AttributeValue.Check(key, value);
        if (_channel is not null)
            _channel.SetUserAttr(key, checkedValue);
        else
        {
            Study.Storage.SetTrialUserAttr(Id, key, checkedValue);
            Record(t => t.WithUserAttr(key, checkedValue));
        }
    }

    /// <summary>
    /// Whether the study has an artifact store, so that <see cref="SaveArtifact"/> can keep files: an objective that
    /// keeps a model only when it may (a study run through the API without a store still runs) asks here first.
    /// </summary>
    public bool CanSaveArtifacts => _channel is null ? Study.Options.Artifacts is not null : _canSaveArtifacts;

    /// <summary>The media type <see cref="SaveArtifact"/> records when given none.</summary>
    public const string DefaultContentType = "application/octet-stream";

    /// <summary>
    /// Keeps a file with the trial, such as its trained model, in the study's artifact store
    /// (<see cref="StudyOptions.Artifacts"/>): the bytes go to a blob named by their hash, and the trial records the
    /// name, hash, size and media type (<see cref="FrozenTrial.Artifacts"/>) in the storage, so every worker of
    /// every machine knows which trial owns it. Whether it stays once the trial finished is the study's keep policy
    /// (<see cref="StudyOptions.KeepArtifacts"/>).
    /// </summary>
    /// <param name="name">Unique within the trial; also its file name when exported (<see cref="ArtifactInfo.ValidateName"/>).</param>
    /// <param name="content">Read to its end; not disposed.</param>
    /// <param name="contentType">Its media type.</param>
    /// <exception cref="ArgumentException">The name cannot be a file name.</exception>
    /// <exception cref="InvalidOperationException">The study has no artifact store, or the trial already has an artifact of that name.</exception>
    public ArtifactInfo SaveArtifact(string name, Stream content, string contentType = DefaultContentType)
    {
        ArtifactInfo.ValidateName(name);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        if (_channel is not null)
        {
            // The worker and its parent share the machine: a temporary file carries the bytes, the socket only the path.
            var path = Path.Combine(Path.GetTempPath(), $"metaopt-artifact-{Guid.NewGuid():N}");
            try
            {
                using (var file = File.Create(path))
                    content.CopyTo(file);
                return _channel.SaveArtifact(name, path, contentType);
            }
            finally
            {
                File.Delete(path);
            }
        }
        var store = Study.Options.Artifacts ?? throw new InvalidOperationException(
            $"Study '{Study.Name}' has no artifact store, so trial {Number} cannot keep '{name}': set StudyOptions.Artifacts (with the launcher, --artifacts DIR).");
        var key = ArtifactInfo.AttrPrefix + name;
        if (Snapshot.SystemAttrs.ContainsKey(key))
            throw new InvalidOperationException($"Trial {Number} already has an artifact named '{name}'; give each artifact its own name.");
        // Written and recorded under the lock: a release deleting an identical blob cannot slip in between, so the
        // blob exists whenever the storage says the trial owns it.
        using (store.Lock())
        {
            var blob = store.Write(content);
            var artifact = new ArtifactInfo(name, blob.Hash, blob.Size, contentType);
            Study.SetTrialSystemAttr(Id, key, ArtifactJson.Write(artifact));
            return artifact;
        }
    }

    /// <summary>The trial as this process stored it: the storage's at its start, with every write made since through this object or <see cref="Study.SetTrialSystemAttr"/>.</summary>
    /// <remarks>
    /// Only the worker running a trial writes to it, so the snapshot is what the storage holds, but for the heartbeat
    /// and for another worker's recovery failing the trial (which the next write or <see cref="Study.Tell(Trial, double)"/> finds).
    /// </remarks>
    internal FrozenTrial Snapshot
    {
        get
        {
            lock (_snapshotLock)
                return _snapshot ?? throw InWorkerProcess();
        }
    }

    /// <summary>Applies a write just stored to the snapshot.</summary>
    internal void Record(Func<FrozenTrial, FrozenTrial> change)
    {
        lock (_snapshotLock)
            _snapshot = change(_snapshot ?? throw InWorkerProcess());
    }

    /// <summary>
    /// The trial with whatever others wrote to it: an external trial (<see cref="Study.AskExternal"/>) may be reported
    /// to from several processes, so it is read again; any other trial is written by this process only.
    /// </summary>
    internal FrozenTrial Latest()
    {
        if (!Equals(Snapshot.SystemAttrs.GetValueOrDefault(Study.OwnerAttr), Study.ExternalOwner))
            return Snapshot;
        var stored = Study.Storage.GetTrial(Id);
        Record(_ => stored);
        return stored;
    }

    /// <summary>Suggests a parameter for a worker process's trial: the internal value, sampled and stored here.</summary>
    internal double SuggestInternal(string name, Distribution distribution) =>
        distribution.ToInternal(Suggest(name, () => distribution));

    private object Suggest(string name, Func<Distribution> create)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Distribution distribution;
        try
        {
            distribution = create();
        }
        catch (ArgumentException e)
        {
            throw new InvalidSearchSpaceException($"Parameter '{name}': {e.Message}.", name, e);
        }
        if (_distributions.TryGetValue(name, out var previous))
        {
            if (!previous.Equals(distribution))
                throw new InvalidSearchSpaceException(
                    $"Parameter '{name}' was already suggested in trial {Number} as {previous}; it cannot be suggested again as {distribution}.",
                    name);
            return _params[name];
        }
        double internalValue;
        if (_channel is not null)
        {
            internalValue = _channel.Suggest(name, distribution);
        }
        else
        {
            internalValue = Sample(name, distribution);
            Study.Storage.SetTrialParam(Id, name, internalValue, distribution);
            Record(t => t.WithParam(name, internalValue, distribution));
        }
        var value = distribution.ToExternal(internalValue);
        _params[name] = value;
        _distributions[name] = distribution;
        return value;
    }

    private double Sample(string name, Distribution distribution)
    {
        if (_fixedParams.TryGetValue(name, out var fixedValue))
        {
            try
            {
                return distribution.ToInternal(fixedValue);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"Enqueued value for parameter '{name}' does not fit: {e.Message}.", name, e);
            }
        }
        if (distribution.IsSingle)
            return SingleValue(distribution);
        if (_relative.Value.TryGetValue(name, out var relative) && relative.Distribution.Equals(distribution))
            return relative.Value;
        return Study.Sampler.SampleIndependent(Study, Snapshot, name, distribution);
    }

    private InvalidOperationException InWorkerProcess() => new(
        $"Trial {Number} runs in a worker process, which has no Study: the parent process owns the storage, sampler and pruner.");

    private static double SingleValue(Distribution d) => d switch
    {
        FloatDistribution f => f.Low,
        IntDistribution i => i.Low,
        _ => 0,
    };

    private IReadOnlyDictionary<string, (Distribution, double)> SampleRelative(FrozenTrial trial)
    {
        var space = Study.Sampler.InferRelativeSearchSpace(Study, trial);
        if (space.Count == 0)
            return new Dictionary<string, (Distribution, double)>();
        var values = Study.Sampler.SampleRelative(Study, trial, space);
        return values.ToDictionary(kv => kv.Key, kv => (space[kv.Key], kv.Value));
    }
}
