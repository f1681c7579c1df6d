using LiteDB;
using MetaOpt.Storages.Documents;
using MetaOpt.Storages.Files;

namespace MetaOpt;

/// <summary>Keeps studies and their trials in one LiteDB 5 file, so a study survives its process and can be resumed.</summary>
/// <remarks>
/// <para><b>Durability.</b> Every write is committed and checkpointed into the data file before the call returns.
/// LiteDB 5.0 commits into its log file through an asynchronous writer queue, so a process killed right after a
/// commit could lose it; the checkpoint waits for that queue and flushes the data file, which makes "a killed
/// process loses at most the trial it was running" hold. The log file stays empty between calls.</para>
/// <para><b>One process at a time.</b> Measured on Linux with LiteDB 5.0.20: direct mode takes no lock that stops
/// a second process (both open the file, both write, each trusting its own page cache: a recipe for lost trials and
/// a corrupt file), and shared mode serialises processes with a named mutex but reopens the whole database on every
/// call and makes any in-process cache wrong. So a storage opens the file in direct mode and holds an OS lock on
/// "&lt;file&gt;.lock" for its lifetime; a second opener, in another process or in this one, gets a
/// <see cref="StorageLockedException"/> naming the holder's pid. Run parallel trials as worker threads of one
/// process (<c>Optimize(parallelism: n)</c>), which share one instance safely. The lock dies with its process,
/// even a killed one, and the next opener fails that process's Running trials through <see cref="Study"/>'s recovery.</para>
/// <para><b>Safety of the file.</b> LiteDB overwrites a file that is not one of its databases; this storage first
/// checks the LiteDB 5 header and refuses anything else with an <see cref="InvalidStorageFileException"/>, leaving
/// the file as it was. A LiteDB database of another application, or one from a newer schema, is refused too. A path
/// that cannot be written (missing directory, a directory, no permission) gives a <see cref="StorageUnavailableException"/>.
/// All three refusals derive from <see cref="StorageFileException"/>, whose message is meant to be shown as it is.</para>
/// <para><b>Schema</b> (version <see cref="SchemaVersion"/>, kept in the <c>metaopt</c> collection): <c>studies</c>
/// documents keyed by name (direction, creation time, user attributes); <c>trials</c> documents keyed by the
/// storage-wide trial id and indexed by study (number, state, value, parameters with their distributions — kind,
/// low, high, log, step, choices with their types — intermediate values, user and system attributes, start,
/// completion and heartbeat times as UTC ticks, fail reason).</para>
/// <para><b>Speed.</b> Because no other process can write the file, the trials of each study are read once and then
/// kept in memory, updated by this instance's own writes; <see cref="GetAllTrials"/> (called by samplers on every
/// ask) is a list copy. Every method is thread-safe; calls are serialised.</para>
/// </remarks>
public sealed class LiteDbStorage : IStorage
{
    /// <summary>The schema version this class writes and reads.</summary>
    public const int SchemaVersion = 1;

    private const string SchemaCollection = "metaopt";
    private const string StudiesCollection = "studies";
    private const string TrialsCollection = "trials";

    private readonly object _gate = new();
    private readonly string _path;
    private readonly StorageFileLock _fileLock;
    private readonly LiteDatabase _database;
    private readonly ILiteCollection<BsonDocument> _studies;
    private readonly ILiteCollection<BsonDocument> _trials;
    private readonly Dictionary<string, StudyInfo> _studyInfos;
    private readonly Dictionary<string, List<FrozenTrial>> _trialsByStudy = new(StringComparer.Ordinal);
    private readonly Dictionary<long, (string StudyName, int Number)> _locationOfTrial = new();
    private long _nextTrialId;
    private bool _disposed;

    /// <summary>Opens the storage file, creating it (and its directory entry) when it does not exist.</summary>
    /// <param name="path">The database file, for example <c>studies.db</c>; LiteDB keeps a <c>-log</c> file next to it.</param>
    /// <exception cref="StorageLockedException">Another process (or another storage of this process) has the file open.</exception>
    /// <exception cref="InvalidStorageFileException">The file exists and is not a MetaOpt LiteDB storage.</exception>
    /// <exception cref="StorageUnavailableException">The file cannot be created or written (missing or read-only directory, a directory path).</exception>
    public LiteDbStorage(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = path;
        if (Directory.Exists(path))
            throw new StorageUnavailableException(path,
                $"{path} is a directory; give a file for the storage, such as {System.IO.Path.Combine(path, "studies.db")}.");
        _fileLock = Unavailable(path, () => StorageFileLock.Acquire(path));
        try
        {
            if (Unavailable(path, () => LiteDbFileFormat.WhyNotLiteDb(path)) is { } why)
                throw new InvalidStorageFileException(path, $"{path} is not a MetaOpt/LiteDB storage: {why}. Give another --storage file.");
            _database = Unavailable(path, () => OpenDatabase(path));
            try
            {
                CheckOrWriteSchema();
                _studies = _database.GetCollection(StudiesCollection);
                _trials = _database.GetCollection(TrialsCollection);
                _trials.EnsureIndex(TrialDocuments.StudyField);
                _studyInfos = _studies.FindAll().Select(StudyDocuments.FromBson).ToDictionary(s => s.Name, StringComparer.Ordinal);
                _nextTrialId = _trials.Count() == 0 ? 0 : _trials.Max().AsInt64 + 1;
                Persist();
            }
            catch
            {
                _database.Dispose();
                throw;
            }
        }
        catch
        {
            _fileLock.Dispose();
            throw;
        }
    }

    /// <summary>The database file this storage writes.</summary>
    public string Path => _path;

    /// <inheritdoc/>
    public StudyInfo CreateStudy(string name, Direction direction)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        lock (_gate)
        {
            ThrowIfDisposed();
            if (_studyInfos.ContainsKey(name))
                throw new InvalidOperationException($"A study named '{name}' already exists in {_path}.");
            var info = new StudyInfo { Name = name, Direction = direction, Created = DateTime.UtcNow };
            _studies.Insert(StudyDocuments.ToBson(info));
            Persist();
            _studyInfos[name] = info;
            _trialsByStudy[name] = [];
            return info;
        }
    }

    /// <inheritdoc/>
    public StudyInfo? FindStudy(string name)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            return _studyInfos.GetValueOrDefault(name);
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<StudyInfo> GetAllStudies()
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            return _studyInfos.Values.OrderBy(s => s.Created).ToList();
        }
    }

    /// <inheritdoc/>
    public void DeleteStudy(string studyName)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            StudyOf(studyName);
            _trials.DeleteMany(Query.EQ(TrialDocuments.StudyField, studyName));
            _studies.Delete(studyName);
            Persist();
            if (_trialsByStudy.Remove(studyName, out var trials))
            {
                foreach (var trial in trials)
                    _locationOfTrial.Remove(trial.Id);
            }
            _studyInfos.Remove(studyName);
        }
    }

    /// <inheritdoc/>
    public void SetStudyUserAttr(string studyName, string key, object value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        lock (_gate)
        {
            ThrowIfDisposed();
            var info = StudyOf(studyName);
            var updated = info with { UserAttrs = new Dictionary<string, object>(info.UserAttrs) { [key] = value } };
            _studies.Update(StudyDocuments.ToBson(updated));
            Persist();
            _studyInfos[studyName] = updated;
        }
    }

    /// <inheritdoc/>
    public FrozenTrial CreateTrial(
        string studyName,
        TrialState state,
        IReadOnlyDictionary<string, object>? systemAttrs = null,
        IReadOnlyDictionary<string, object>? userAttrs = null)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            var trials = TrialsOf(studyName);
            var trial = FrozenTrial.New(_nextTrialId, trials.Count, state, systemAttrs, userAttrs);
            _trials.Insert(TrialDocuments.ToBson(studyName, trial));
            Persist();
            _nextTrialId++;
            trials.Add(trial);
            _locationOfTrial[trial.Id] = (studyName, trial.Number);
            return trial;
        }
    }

    /// <inheritdoc/>
    public FrozenTrial? ClaimWaitingTrial(string studyName, IReadOnlyDictionary<string, object>? systemAttrs = null)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            var waiting = TrialsOf(studyName).Find(t => t.State == TrialState.Waiting);
            if (waiting is null)
                return null;
            return Store(studyName, waiting.Claimed(systemAttrs));
        }
    }

    /// <inheritdoc/>
    public FrozenTrial? StartTrial(string studyName, int? maxTrials, IReadOnlyDictionary<string, object>? systemAttrs = null)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            if (maxTrials is { } max && TrialsOf(studyName).Count(t => t.State != TrialState.Waiting) >= max)
                return null;
            return ClaimWaitingTrial(studyName, systemAttrs) ?? CreateTrial(studyName, TrialState.Running, systemAttrs);
        }
    }

    /// <inheritdoc/>
    public FrozenTrial AddTrialCopy(string studyName, FrozenTrial template)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            var trials = TrialsOf(studyName);
            var trial = template.CopiedAs(_nextTrialId, trials.Count);
            _trials.Insert(TrialDocuments.ToBson(studyName, trial));
            Persist();
            _nextTrialId++;
            trials.Add(trial);
            _locationOfTrial[trial.Id] = (studyName, trial.Number);
            return trial;
        }
    }

    /// <inheritdoc/>
    public void SetTrialParam(long trialId, string name, double internalValue, Distribution distribution) =>
        Change(trialId, t => t.WithParam(name, internalValue, distribution));

    /// <inheritdoc/>
    public void SetTrialIntermediateValue(long trialId, int step, double value) =>
        Change(trialId, t => t.WithIntermediateValue(step, value));

    /// <inheritdoc/>
    public void SetTrialUserAttr(long trialId, string key, object value) => Change(trialId, t => t.WithUserAttr(key, value));

    /// <inheritdoc/>
    public void SetTrialSystemAttr(long trialId, string key, object value) => Change(trialId, t => t.WithSystemAttr(key, value));

    /// <inheritdoc/>
    public void RecordHeartbeat(long trialId) => Change(trialId, t => t.WithHeartbeat());

    /// <inheritdoc/>
    public bool FinishTrial(long trialId, TrialState state, double? value, string? failReason)
    {
        FrozenTrial.CheckFinishedState(state);
        lock (_gate)
        {
            ThrowIfDisposed();
            var (studyName, trial) = Find(trialId);
            if (trial.State.IsFinished())
                return false;
            Store(studyName, trial.Finished(state, value, failReason));
            return true;
        }
    }

    /// <inheritdoc/>
    public FrozenTrial? FailTrialAndRetry(
        long trialId,
        string failReason,
        IReadOnlyDictionary<string, object> retrySystemAttrs,
        IReadOnlyDictionary<string, object>? retryUserAttrs)
    {
        lock (_gate)
        {
            if (!FinishTrial(trialId, TrialState.Failed, null, failReason))
                return null;
            return CreateTrial(Find(trialId).StudyName, TrialState.Waiting, retrySystemAttrs, retryUserAttrs);
        }
    }

    /// <inheritdoc/>
    public FrozenTrial GetTrial(long trialId)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            return Find(trialId).Trial;
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<FrozenTrial> GetAllTrials(string studyName, IReadOnlyCollection<TrialState>? states = null)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            var trials = TrialsOf(studyName);
            return states is null ? trials.ToList() : trials.Where(t => states.Contains(t.State)).ToList();
        }
    }

    /// <summary>Closes the database and releases the file for other processes.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            _database.Dispose();
            _fileLock.Dispose();
        }
    }

    /// <summary>Runs a step of opening, turning the operating system's refusals into one message about the storage.</summary>
    private static T Unavailable<T>(string path, Func<T> open)
    {
        try
        {
            return open();
        }
        catch (Exception e) when (e is UnauthorizedAccessException
                                  or IOException and not StorageFileException)
        {
            throw new StorageUnavailableException(path,
                $"Cannot create or open the storage {path}: {e.Message} Check that its directory exists and is writable, " +
                "or give another --storage file.", e);
        }
    }

    private LiteDatabase OpenDatabase(string path)
    {
        try
        {
            return new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct, Upgrade = false });
        }
        catch (LiteException e)
        {
            throw new InvalidStorageFileException(path, $"{path} is not a MetaOpt/LiteDB storage: LiteDB cannot open it ({e.Message}).", e);
        }
    }

    /// <summary>Stamps a new file with the schema version, or checks that an existing one is a MetaOpt storage it can read.</summary>
    private void CheckOrWriteSchema()
    {
        var schema = _database.GetCollection(SchemaCollection);
        var stamp = _database.CollectionExists(SchemaCollection) ? schema.FindById("schema") : null;
        if (stamp is null)
        {
            var others = _database.GetCollectionNames().ToList();
            if (others.Count > 0)
                throw new InvalidStorageFileException(_path,
                    $"{_path} is not a MetaOpt/LiteDB storage: it is a LiteDB database of another application " +
                    $"(collections {string.Join(", ", others)}). Give another --storage file.");
            schema.Insert(new BsonDocument { ["_id"] = "schema", ["version"] = SchemaVersion, ["writer"] = "MetaOpt" });
            return;
        }
        var version = stamp["version"].AsInt32;
        if (version != SchemaVersion)
            throw new InvalidStorageFileException(_path,
                $"{_path} is a MetaOpt storage of schema version {version}, and this MetaOpt reads version {SchemaVersion}. " +
                "Open it with the MetaOpt that wrote it, or give another --storage file.");
    }

    /// <summary>Makes the writes so far durable: waits for LiteDB's log writer and checkpoints the log into the data file.</summary>
    private void Persist() => _database.Checkpoint();

    private void Change(long trialId, Func<FrozenTrial, FrozenTrial> change)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            var (studyName, trial) = Find(trialId);
            if (trial.State.IsFinished())
                throw new InvalidOperationException($"Trial {trial.Number} of '{studyName}' is {trial.State} and can no longer change.");
            Store(studyName, change(trial));
        }
    }

    /// <summary>Writes a changed trial through to the file, then to the cache, so a failed write leaves both as they were.</summary>
    private FrozenTrial Store(string studyName, FrozenTrial trial)
    {
        _trials.Update(TrialDocuments.ToBson(studyName, trial));
        Persist();
        _trialsByStudy[studyName][trial.Number] = trial;
        return trial;
    }

    private (string StudyName, FrozenTrial Trial) Find(long trialId)
    {
        if (!_locationOfTrial.TryGetValue(trialId, out var location))
        {
            // The trial's study has not been read yet: find it, read it, and the trial with it.
            var document = _trials.FindById(trialId) ?? throw new KeyNotFoundException($"No trial with id {trialId} in {_path}.");
            TrialsOf(document[TrialDocuments.StudyField].AsString);
            location = _locationOfTrial[trialId];
        }
        return (location.StudyName, _trialsByStudy[location.StudyName][location.Number]);
    }

    /// <summary>The trials of a study in number order, read from the file on first use.</summary>
    private List<FrozenTrial> TrialsOf(string studyName)
    {
        if (_trialsByStudy.TryGetValue(studyName, out var trials))
            return trials;
        StudyOf(studyName);
        trials = _trials.Find(Query.EQ(TrialDocuments.StudyField, studyName))
            .Select(TrialDocuments.FromBson)
            .OrderBy(t => t.Number)
            .ToList();
        for (var i = 0; i < trials.Count; i++)
        {
            if (trials[i].Number != i)
                throw new InvalidDataException($"Study '{studyName}' in {_path} has no trial number {i}; the file is damaged.");
            _locationOfTrial[trials[i].Id] = (studyName, i);
        }
        _trialsByStudy[studyName] = trials;
        return trials;
    }

    private StudyInfo StudyOf(string studyName) =>
        _studyInfos.TryGetValue(studyName, out var info) ? info : throw new KeyNotFoundException($"No study named '{studyName}' in {_path}.");

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
