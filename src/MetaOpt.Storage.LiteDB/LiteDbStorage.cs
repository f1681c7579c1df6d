using LiteDB;
using MetaOpt.Storages.Documents;
using MetaOpt.Storages.Files;

namespace MetaOpt;

/// <summary>Keeps studies and their trials in one LiteDB 5 file, so a study survives its process and can be resumed.</summary>
/// <remarks>
/// <para><b>Durability.</b> Every write is committed and checkpointed into the data file before the call returns, so a
/// killed process loses at most the trial it was running.</para>
/// <para><b>One writer, or many readers.</b> A writer holds an OS lock on the database file for its lifetime,
/// excluding everyone; a reader (<see cref="OpenReadOnly(string)"/>) holds a shared lock only while it reads, so
/// readers and short writers such as <c>ask</c> and <c>tell</c> take turns. A refused opener, in another process or
/// this one, gets a <see cref="StorageLockedException"/> naming the holder's pid, after waiting a while for the lock.
/// Run parallel trials as worker threads of one process (<c>Optimize(parallelism: n)</c>), which share one instance
/// safely. The lock dies with its process; the next <see cref="Study.Ask()"/> fails that process's Running trials.</para>
/// <para><b>Safety of the file.</b> Opening reads and checks the whole file without writing before a writer lets
/// LiteDB touch it, and every refusal leaves the file as it was: a damaged file gives a
/// <see cref="StorageDamagedException"/> (<see cref="Check"/> and <see cref="Recover"/> copy what is readable), a
/// file that is not a MetaOpt LiteDB storage of this schema or older an <see cref="InvalidStorageFileException"/>, a
/// path that cannot be used a <see cref="StorageUnavailableException"/>, and a full disk a
/// <see cref="StorageFullException"/>, after which writes are refused. All derive from
/// <see cref="StorageFileException"/>.</para>
/// <para>Studies and trials are read once at open and kept in memory; every method is thread-safe, calls are
/// serialised. Why LiteDB needs this lock and checkpoint, and the schema: <c>docs/storage.md</c>.</para>
/// </remarks>
public sealed partial class LiteDbStorage : IStorage
{
    /// <summary>The schema version this class writes and reads.</summary>
    public const int SchemaVersion = 1;

    /// <summary>
    /// How long an opener waits for the file while another holds it, unless told otherwise: long enough for the
    /// short holders (a reader reading, an <c>ask</c> or a <c>tell</c>) to finish, short enough to refuse a file that
    /// a long run holds without seeming to hang.
    /// </summary>
    public static readonly TimeSpan DefaultLockWait = TimeSpan.FromSeconds(10);

    private readonly object _gate = new();
    private readonly string _path;
    private readonly StorageFileLock? _fileLock;
    private readonly LiteDatabase? _database;
    private readonly ILiteCollection<BsonDocument>? _studies;
    private readonly ILiteCollection<BsonDocument>? _trials;
    private Dictionary<string, StudyInfo> _studyInfos = new();
    private Dictionary<string, List<FrozenTrial>> _trialsByStudy = new();
    private Dictionary<long, (string StudyName, int Number)> _locationOfTrial = new();
    private long _nextTrialId;
    private FileStamp _readStamp;
    private Exception? _diskFull;
    private bool _disposed;

    /// <summary>
    /// Opens the storage file for reading and writing, creating it when it does not exist; while another opener holds
    /// it, waits up to <see cref="DefaultLockWait"/> for it.
    /// </summary>
    /// <param name="path">The database file, for example <c>studies.db</c>; LiteDB keeps a <c>-log</c> file next to it.</param>
    /// <exception cref="StorageLockedException">Another process (or another storage of this process) still has the file open when the wait ends.</exception>
    /// <exception cref="InvalidStorageFileException">The file exists and is not a MetaOpt LiteDB storage.</exception>
    /// <exception cref="StorageDamagedException">The file is a MetaOpt storage that cannot be read in full; it was not written.</exception>
    /// <exception cref="StorageUnavailableException">The file cannot be created or written (missing or read-only directory, a directory or device path, a read-only file).</exception>
    /// <exception cref="StorageFullException">The device is full and the file could not be made ready.</exception>
    public LiteDbStorage(string path)
        : this(path, readOnly: false, DefaultLockWait)
    {
    }

    /// <summary>
    /// Opens the storage file for reading and writing as <see cref="LiteDbStorage(string)"/> does, waiting up to
    /// <paramref name="lockWait"/> instead while another opener holds the file.
    /// </summary>
    /// <param name="path">The database file, for example <c>studies.db</c>.</param>
    /// <param name="lockWait">How long to wait for the file before refusing it; zero refuses at once.</param>
    /// <inheritdoc cref="LiteDbStorage(string)" path="/exception"/>
    public LiteDbStorage(string path, TimeSpan lockWait)
        : this(path, readOnly: false, lockWait)
    {
    }

    private LiteDbStorage(string path, bool readOnly, TimeSpan lockWait)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(lockWait, TimeSpan.Zero);
        _path = path;
        IsReadOnly = readOnly;
        CheckPath(path, readOnly);
        var fileLock = Unavailable(path, readOnly, () => StorageFileLock.Acquire(path, write: !readOnly, lockWait));
        try
        {
            // Taken under the lock, before reading: any later write changes it.
            _readStamp = FileStamp.Of(path);
            var contents = ReadVerified(path);
            if (!readOnly)
            {
                _database = Unavailable(path, readOnly, () => OpenDatabase(path));
                try
                {
                    _studies = _database.GetCollection(StorageContents.StudiesCollection);
                    _trials = _database.GetCollection(StorageContents.TrialsCollection);
                    // Read again through the writer: LiteDB may have replayed a log that a killed writer left behind.
                    contents = WithDiskFullAsException(path, () => PrepareForWriting(_database, contents, path));
                }
                catch
                {
                    _database.Dispose();
                    throw;
                }
            }
            Load(contents);
        }
        catch
        {
            fileLock.Dispose();
            throw;
        }
        // A reader keeps what it read in memory, so it needs the file only while reading it.
        if (readOnly)
            fileLock.Dispose();
        else
            _fileLock = fileLock;
    }

    /// <summary>
    /// Opens the storage file for reading only: nothing is ever written to it or beside it (not even when a killed
    /// writer left a Running trial and a log file behind, or the disk is full), and write methods throw
    /// <see cref="InvalidOperationException"/>. An empty file reads as a storage without studies. The file is held
    /// only while it is read: at open, and again at a later read when a writer has changed it since (so a reader
    /// follows a study that short calls such as <c>ask</c> and <c>tell</c> write). While a writer holds the file, a
    /// read answers with what was read last. Opening waits up to <see cref="DefaultLockWait"/> for a writer to
    /// release the file, and is refused if it does not.
    /// </summary>
    /// <param name="path">The database file.</param>
    /// <exception cref="StorageLockedException">A writer still has the file open when the wait ends.</exception>
    /// <exception cref="InvalidStorageFileException">The file is not a MetaOpt LiteDB storage.</exception>
    /// <exception cref="StorageDamagedException">The file cannot be read in full.</exception>
    /// <exception cref="StorageUnavailableException">The file does not exist, or is a directory or a device.</exception>
    public static LiteDbStorage OpenReadOnly(string path) => new(path, readOnly: true, DefaultLockWait);

    /// <summary>Opens the storage file for reading only as <see cref="OpenReadOnly(string)"/> does, waiting up to <paramref name="lockWait"/> instead while a writer holds it.</summary>
    /// <param name="path">The database file.</param>
    /// <param name="lockWait">How long to wait for a writer to release the file before refusing it; zero refuses at once.</param>
    /// <inheritdoc cref="OpenReadOnly(string)" path="/exception"/>
    public static LiteDbStorage OpenReadOnly(string path, TimeSpan lockWait) => new(path, readOnly: true, lockWait);

    /// <summary>The database file this storage uses.</summary>
    public string Path => _path;

    /// <summary>Whether this storage was opened by <see cref="OpenReadOnly(string)"/>.</summary>
    public bool IsReadOnly { get; }

    /// <inheritdoc/>
    public StudyInfo CreateStudy(string name, params IReadOnlyList<Direction> directions)
    {
        var info = StudyInfo.New(name, directions);
        lock (_gate)
        {
            CheckWritable();
            if (_studyInfos.ContainsKey(name))
                throw new InvalidOperationException($"A study named '{name}' already exists in {_path}.");
            Write(() => _studies!.Insert(StudyDocuments.ToBson(info)));
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
            ThrowIfDisposedOrRefresh();
            return _studyInfos.GetValueOrDefault(name);
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<StudyInfo> GetAllStudies()
    {
        lock (_gate)
        {
            ThrowIfDisposedOrRefresh();
            return _studyInfos.Values.OrderBy(s => s.Created).ToList();
        }
    }

    /// <inheritdoc/>
    public void DeleteStudy(string studyName)
    {
        lock (_gate)
        {
            CheckWritable();
            StudyOf(studyName);
            Write(() => Transaction(() =>
            {
                _trials!.DeleteMany(Query.EQ(TrialDocuments.StudyField, studyName));
                _studies!.Delete(studyName);
            }));
            Forget(studyName);
        }
    }

    /// <summary>Drops a deleted study and its trials from the in-memory copy.</summary>
    private void Forget(string studyName)
    {
        if (_trialsByStudy.Remove(studyName, out var trials))
        {
            foreach (var trial in trials)
                _locationOfTrial.Remove(trial.Id);
        }
        _studyInfos.Remove(studyName);
    }

    /// <inheritdoc/>
    public void SetStudyUserAttr(string studyName, string key, object value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        lock (_gate)
        {
            CheckWritable();
            var info = StudyOf(studyName);
            var updated = info with { UserAttrs = new Dictionary<string, object>(info.UserAttrs) { [key] = value } };
            Write(() => _studies!.Update(StudyDocuments.ToBson(updated)));
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
            CheckWritable();
            var trials = TrialsOf(studyName);
            var trial = FrozenTrial.New(_nextTrialId, trials.Count, state, systemAttrs, userAttrs);
            Write(() => _trials!.Insert(TrialDocuments.ToBson(studyName, trial)));
            Added(studyName, trial);
            return trial;
        }
    }

    /// <inheritdoc/>
    public FrozenTrial? ClaimWaitingTrial(string studyName, IReadOnlyDictionary<string, object>? systemAttrs = null)
    {
        lock (_gate)
        {
            CheckWritable();
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
            CheckWritable();
            if (maxTrials is { } max && TrialBudget.Used(TrialsOf(studyName)) >= max)
                return null;
            return ClaimWaitingTrial(studyName, systemAttrs) ?? CreateTrial(studyName, TrialState.Running, systemAttrs);
        }
    }

    /// <inheritdoc/>
    public FrozenTrial AddTrialCopy(string studyName, FrozenTrial template)
    {
        lock (_gate)
        {
            CheckWritable();
            var trial = template.CopiedAs(_nextTrialId, TrialsOf(studyName).Count);
            Write(() => _trials!.Insert(TrialDocuments.ToBson(studyName, trial)));
            Added(studyName, trial);
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
    public FrozenTrial? FinishTrial(long trialId, TrialState state, IReadOnlyList<double>? values, string? failReason)
    {
        FrozenTrial.CheckFinishedState(state);
        lock (_gate)
        {
            CheckWritable();
            var (studyName, trial) = Find(trialId);
            if (trial.State.IsFinished())
                return null;
            return Store(studyName, trial.Finished(state, values, failReason));
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
        lock (_gate)
        {
            CheckWritable();
            var (studyName, trial) = Find(trialId);
            if (trial.State.IsFinished())
                return null;
            var failed = trial.Finished(TrialState.Failed, null, failReason);
            var retry = FrozenTrial.New(_nextTrialId, TrialsOf(studyName).Count, TrialState.Waiting, retrySystemAttrs, retryUserAttrs);
            // One transaction: a process killed in between leaves either both changes or neither.
            Write(() => Transaction(() =>
            {
                _trials!.Update(TrialDocuments.ToBson(studyName, failed));
                _trials.Insert(TrialDocuments.ToBson(studyName, retry));
            }));
            _trialsByStudy[studyName][failed.Number] = failed;
            Added(studyName, retry);
            return retry;
        }
    }

    /// <inheritdoc/>
    public FrozenTrial GetTrial(long trialId)
    {
        lock (_gate)
        {
            ThrowIfDisposedOrRefresh();
            return Find(trialId).Trial;
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<FrozenTrial> GetAllTrials(string studyName, IReadOnlyCollection<TrialState>? states = null)
    {
        lock (_gate)
        {
            ThrowIfDisposedOrRefresh();
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
            try
            {
                _database?.Dispose();
            }
            catch (Exception e) when (_diskFull is not null && e is IOException or LiteException)
            {
                // LiteDB's closing checkpoint meets the full disk again; every write that returned is already in the file.
            }
            finally
            {
                _fileLock?.Dispose();
            }
        }
    }

    /// <summary>Refuses, before anything is created or locked, a path that can never be a storage file.</summary>
    private static void CheckPath(string path, bool readOnly)
    {
        if (Directory.Exists(path))
            throw new StorageUnavailableException(path,
                $"{path} is a directory; give a file for the storage, such as {System.IO.Path.Combine(path, "studies.db")}.");
        var regular = OperatingSystem.IsLinux()
            ? Unavailable(path, readOnly, () => LinuxFiles.IsRegularFile(path))
            : File.Exists(path) ? true : (bool?)null;
        if (regular == false)
            throw new StorageUnavailableException(path, $"{path} is not a regular file (a device, a pipe or a socket); give a file for the storage.");
        if (regular is null && readOnly)
            throw new StorageUnavailableException(path, $"{path} does not exist.");
    }

    /// <summary>Reads and checks the whole file through a read-only connection, which writes nothing.</summary>
    private static StorageContents ReadVerified(string path)
    {
        if (Unavailable(path, true, () => LiteDbFileFormat.WhyNotLiteDb(path)) is { } why)
            throw new InvalidStorageFileException(path, $"{path} is not a MetaOpt/LiteDB storage: {why}.");
        if (new FileInfo(path).Length == 0)
            return StorageContents.Empty();
        if (LiteDbFileFormat.WhyCutShort(new FileInfo(path).Length) is { } cut)
            throw new StorageDamagedException(path, cut);
        StorageContents contents;
        try
        {
            using var database = Unavailable(path, true, () => ReadOnlyDatabase.Open(path));
            contents = StorageContents.Read(database.Database, path);
        }
        catch (Exception e) when (e is not StorageFileException)
        {
            throw new StorageDamagedException(path, $"LiteDB cannot open it: {StorageContents.Describe(e)}", e);
        }
        return Sound(contents, path);
    }

    private static StorageContents Sound(StorageContents contents, string path) =>
        contents.Problems.Count == 0
            ? contents
            : throw new StorageDamagedException(path, contents.Problems.Count == 1
                ? contents.Problems[0]
                : $"{contents.Problems[0]}; and {contents.Problems.Count - 1} more problem(s)");

    /// <summary>Stamps a new file with the schema and index, makes a replayed log durable, and reads the result back.</summary>
    private static StorageContents PrepareForWriting(LiteDatabase database, StorageContents verified, string path)
    {
        if (verified.IsNew)
        {
            database.GetCollection(StorageContents.SchemaCollection)
                .Insert(StorageContents.SchemaStamp());
        }
        database.GetCollection(StorageContents.TrialsCollection).EnsureIndex(TrialDocuments.StudyField);
        database.Checkpoint();
        return Sound(StorageContents.Read(database, path), path);
    }

    /// <summary>Runs a step of opening, turning the operating system's refusals into one message about the storage.</summary>
    private static T Unavailable<T>(string path, bool readOnly, Func<T> open)
    {
        try
        {
            return open();
        }
        catch (Exception e) when (StorageFullException.IsDiskFull(e))
        {
            throw new StorageFullException(path, e);
        }
        catch (Exception e) when (e is UnauthorizedAccessException
                                  or IOException and not StorageFileException)
        {
            // EROFS (30): the device is mounted read-only.
            var unwritable = !readOnly && File.Exists(path) && e is UnauthorizedAccessException or IOException { HResult: 30 };
            throw new StorageUnavailableException(path,
                readOnly ? $"Cannot read the storage {path}: {e.Message}"
                : unwritable ? $"Cannot write the storage {path}: it is read-only ({e.Message}). Reading it works."
                : $"Cannot create or open the storage {path}: {e.Message} Check that its directory exists and is writable.", e, unwritable);
        }
    }

    private static T WithDiskFullAsException<T>(string path, Func<T> step)
    {
        try
        {
            return step();
        }
        catch (Exception e) when (StorageFullException.IsDiskFull(e))
        {
            throw new StorageFullException(path, e);
        }
    }

    private static LiteDatabase OpenDatabase(string path)
    {
        try
        {
            return new LiteDatabase(new ConnectionString
            {
                Filename = path,
                Connection = ConnectionType.Direct,
                Upgrade = false,
            });
        }
        catch (LiteException e)
        {
            throw new StorageDamagedException(path, $"LiteDB cannot open it: {StorageContents.Describe(e)}", e);
        }
    }

    /// <summary>
    /// Runs one write and makes it durable (committed, then checkpointed into the data file), so a killed process
    /// loses nothing a call returned for. A full disk fails this write and every later one.
    /// </summary>
    private void Write(Action write)
    {
        if (_diskFull is not null)
            throw new StorageFullException(_path, _diskFull);
        try
        {
            write();
            // LiteDB 5.0 commits into its log through an asynchronous writer; the checkpoint waits for it and
            // flushes the data file.
            _database!.Checkpoint();
        }
        catch (Exception e) when (StorageFullException.IsDiskFull(e))
        {
            _diskFull = e;
            throw new StorageFullException(_path, e);
        }
    }

    /// <summary>Several changes as one LiteDB transaction: all of them reach the file, or none.</summary>
    private void Transaction(Action changes)
    {
        _database!.BeginTrans();
        try
        {
            changes();
            _database.Commit();
        }
        catch
        {
            _database.Rollback();
            throw;
        }
    }

    private void Change(long trialId, Func<FrozenTrial, FrozenTrial> change)
    {
        lock (_gate)
        {
            CheckWritable();
            var (studyName, trial) = Find(trialId);
            if (trial.State.IsFinished())
                throw new InvalidOperationException($"Trial {trial.Number} of '{studyName}' is {trial.State} and can no longer change.");
            Store(studyName, change(trial));
        }
    }

    /// <summary>Writes a changed trial through to the file, then to the cache, so a failed write leaves both as they were.</summary>
    private FrozenTrial Store(string studyName, FrozenTrial trial)
    {
        Write(() => _trials!.Update(TrialDocuments.ToBson(studyName, trial)));
        _trialsByStudy[studyName][trial.Number] = trial;
        return trial;
    }

    private void Added(string studyName, FrozenTrial trial)
    {
        _nextTrialId++;
        _trialsByStudy[studyName].Add(trial);
        _locationOfTrial[trial.Id] = (studyName, trial.Number);
    }

    private (string StudyName, FrozenTrial Trial) Find(long trialId) =>
        _locationOfTrial.TryGetValue(trialId, out var location)
            ? (location.StudyName, _trialsByStudy[location.StudyName][location.Number])
            : throw new KeyNotFoundException($"No trial with id {trialId} in {_path}.");

    private List<FrozenTrial> TrialsOf(string studyName)
    {
        StudyOf(studyName);
        return _trialsByStudy[studyName];
    }

    private StudyInfo StudyOf(string studyName) =>
        _studyInfos.TryGetValue(studyName, out var info) ? info : throw new KeyNotFoundException($"No study named '{studyName}' in {_path}.");

    private void CheckWritable()
    {
        ThrowIfDisposed();
        if (IsReadOnly)
            throw new InvalidOperationException($"The storage {_path} was opened read-only; open it with new LiteDbStorage(path) to write.");
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>Replaces the in-memory copy with what was read from the file.</summary>
    private void Load(StorageContents contents)
    {
        _studyInfos = contents.Studies;
        _trialsByStudy = contents.TrialsByStudy;
        _nextTrialId = contents.NextTrialId;
        _locationOfTrial = new Dictionary<long, (string StudyName, int Number)>();
        foreach (var (studyName, trials) in _trialsByStudy)
        {
            foreach (var trial in trials)
                _locationOfTrial[trial.Id] = (studyName, trial.Number);
        }
    }

    /// <summary>For a reader, reads the file again when a writer changed it since the last read and it is free now.</summary>
    private void ThrowIfDisposedOrRefresh()
    {
        ThrowIfDisposed();
        if (!IsReadOnly || FileStamp.Of(_path) == _readStamp)
            return;
        try
        {
            using var fileLock = StorageFileLock.Acquire(_path, write: false);
            var stamp = FileStamp.Of(_path);
            Load(ReadVerified(_path));
            _readStamp = stamp;
        }
        catch (Exception e) when (e is StorageFileException or IOException or UnauthorizedAccessException)
        {
            // A writer holds the file, or it was moved away: keep what was read last and try again at the next read.
        }
    }
}
