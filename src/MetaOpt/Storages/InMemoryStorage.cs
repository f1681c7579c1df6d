namespace MetaOpt;

/// <summary>A storage that keeps everything in this process's memory: fast, and gone when the process ends.</summary>
/// <remarks>
/// Trials are kept as immutable <see cref="FrozenTrial"/> records and replaced on every write, so reading all
/// trials of a study is a list copy, which keeps <c>Ask</c> cheap for samplers that read the whole history.
/// One lock guards everything; writes are short.
/// </remarks>
public sealed class InMemoryStorage : IStorage
{
    private readonly object _lock = new();
    private readonly Dictionary<string, StudyInfo> _studies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<long>> _trialIdsByStudy = new(StringComparer.Ordinal);
    private readonly Dictionary<long, (string Study, FrozenTrial Trial)> _trials = new();
    private long _nextTrialId;

    /// <inheritdoc/>
    public StudyInfo CreateStudy(string name, params IReadOnlyList<Direction> directions)
    {
        lock (_lock)
        {
            if (_studies.ContainsKey(name))
                throw new InvalidOperationException($"A study named '{name}' already exists.");
            var info = StudyInfo.New(name, directions);
            _studies[name] = info;
            _trialIdsByStudy[name] = [];
            return info;
        }
    }

    /// <inheritdoc/>
    public StudyInfo? FindStudy(string name)
    {
        lock (_lock)
            return _studies.GetValueOrDefault(name);
    }

    /// <inheritdoc/>
    public IReadOnlyList<StudyInfo> GetAllStudies()
    {
        lock (_lock)
            return _studies.Values.OrderBy(s => s.Created).ToList();
    }

    /// <inheritdoc/>
    public void DeleteStudy(string studyName)
    {
        lock (_lock)
        {
            foreach (var id in TrialIds(studyName))
                _trials.Remove(id);
            _trialIdsByStudy.Remove(studyName);
            _studies.Remove(studyName);
        }
    }

    /// <inheritdoc/>
    public void SetStudyUserAttr(string studyName, string key, object value)
    {
        lock (_lock)
        {
            var info = Study(studyName);
            _studies[studyName] = info with { UserAttrs = With(info.UserAttrs, key, value) };
        }
    }

    /// <inheritdoc/>
    public FrozenTrial CreateTrial(
        string studyName,
        TrialState state,
        IReadOnlyDictionary<string, object>? systemAttrs = null,
        IReadOnlyDictionary<string, object>? userAttrs = null)
    {
        lock (_lock)
        {
            var ids = TrialIds(studyName);
            var trial = FrozenTrial.New(_nextTrialId, ids.Count, state, systemAttrs, userAttrs);
            _nextTrialId++;
            ids.Add(trial.Id);
            _trials[trial.Id] = (studyName, trial);
            return trial;
        }
    }

    /// <inheritdoc/>
    public FrozenTrial? ClaimWaitingTrial(string studyName, IReadOnlyDictionary<string, object>? systemAttrs = null)
    {
        lock (_lock)
        {
            foreach (var id in TrialIds(studyName))
            {
                var trial = _trials[id].Trial;
                if (trial.State != TrialState.Waiting)
                    continue;
                var claimed = trial.Claimed(systemAttrs);
                _trials[id] = (studyName, claimed);
                return claimed;
            }
            return null;
        }
    }

    /// <inheritdoc/>
    public FrozenTrial? StartTrial(string studyName, int? maxTrials, IReadOnlyDictionary<string, object>? systemAttrs = null)
    {
        lock (_lock)
        {
            if (maxTrials is { } max && TrialBudget.Used(TrialIds(studyName).Select(id => _trials[id].Trial)) >= max)
                return null;
            return ClaimWaitingTrial(studyName, systemAttrs) ?? CreateTrial(studyName, TrialState.Running, systemAttrs);
        }
    }

    /// <inheritdoc/>
    public FrozenTrial AddTrialCopy(string studyName, FrozenTrial template)
    {
        lock (_lock)
        {
            var ids = TrialIds(studyName);
            var trial = template.CopiedAs(_nextTrialId++, ids.Count);
            ids.Add(trial.Id);
            _trials[trial.Id] = (studyName, trial);
            return trial;
        }
    }

    /// <inheritdoc/>
    public void SetTrialParam(long trialId, string name, double internalValue, Distribution distribution) =>
        Update(trialId, t => t.WithParam(name, internalValue, distribution));

    /// <inheritdoc/>
    public void SetTrialIntermediateValue(long trialId, int step, double value) =>
        Update(trialId, t => t.WithIntermediateValue(step, value));

    /// <inheritdoc/>
    public void SetTrialUserAttr(long trialId, string key, object value) =>
        Update(trialId, t => t.WithUserAttr(key, value));

    /// <inheritdoc/>
    public void SetTrialSystemAttr(long trialId, string key, object value) =>
        Update(trialId, t => t.WithSystemAttr(key, value));

    /// <inheritdoc/>
    public void RecordHeartbeat(long trialId) => Update(trialId, t => t.WithHeartbeat());

    /// <inheritdoc/>
    public FrozenTrial? FinishTrial(long trialId, TrialState state, IReadOnlyList<double>? values, string? failReason)
    {
        FrozenTrial.CheckFinishedState(state);
        lock (_lock)
        {
            var (study, trial) = Entry(trialId);
            if (trial.State.IsFinished())
                return null;
            var finished = trial.Finished(state, values, failReason);
            _trials[trialId] = (study, finished);
            return finished;
        }
    }

    /// <inheritdoc/>
    public FrozenTrial? FailTrialAndRetry(
        long trialId,
        string failReason,
        IReadOnlyDictionary<string, object> retrySystemAttrs,
        IReadOnlyDictionary<string, object>? retryUserAttrs)
    {
        ArgumentNullException.ThrowIfNull(retrySystemAttrs);
        lock (_lock)
        {
            var (study, trial) = Entry(trialId);
            if (trial.State.IsFinished())
                return null;
            var failed = trial.Finished(TrialState.Failed, null, failReason);
            var ids = TrialIds(study);
            // Built before anything changes, so invalid attributes leave the storage as it was.
            var retry = FrozenTrial.New(_nextTrialId, ids.Count, TrialState.Waiting, retrySystemAttrs, retryUserAttrs);
            _trials[trialId] = (study, failed);
            _nextTrialId++;
            ids.Add(retry.Id);
            _trials[retry.Id] = (study, retry);
            return retry;
        }
    }

    /// <inheritdoc/>
    public FrozenTrial GetTrial(long trialId)
    {
        lock (_lock)
            return Entry(trialId).Trial;
    }

    /// <inheritdoc/>
    public IReadOnlyList<FrozenTrial> GetAllTrials(string studyName, IReadOnlyCollection<TrialState>? states = null)
    {
        lock (_lock)
        {
            var result = new List<FrozenTrial>(TrialIds(studyName).Count);
            foreach (var id in TrialIds(studyName))
            {
                var trial = _trials[id].Trial;
                if (states is null || states.Contains(trial.State))
                    result.Add(trial);
            }
            return result;
        }
    }

    /// <summary>Nothing to release.</summary>
    public void Dispose() { }

    private void Update(long trialId, Func<FrozenTrial, FrozenTrial> change)
    {
        lock (_lock)
        {
            var (study, trial) = Entry(trialId);
            if (trial.State.IsFinished())
                throw new InvalidOperationException($"Trial {trial.Number} of '{study}' is {trial.State} and can no longer change.");
            _trials[trialId] = (study, change(trial));
        }
    }

    private (string Study, FrozenTrial Trial) Entry(long trialId) =>
        _trials.TryGetValue(trialId, out var entry) ? entry : throw new KeyNotFoundException($"No trial with id {trialId}.");

    private StudyInfo Study(string name) =>
        _studies.TryGetValue(name, out var info) ? info : throw new KeyNotFoundException($"No study named '{name}'.");

    private List<long> TrialIds(string studyName) =>
        _trialIdsByStudy.TryGetValue(studyName, out var ids) ? ids : throw new KeyNotFoundException($"No study named '{studyName}'.");

    private static IReadOnlyDictionary<string, T> With<T>(IReadOnlyDictionary<string, T> source, string key, T value) =>
        new Dictionary<string, T>(source) { [key] = value };
}
