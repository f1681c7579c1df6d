using System.Collections.Concurrent;
using System.Globalization;

namespace MetaOpt.Dashboard.Api;

/// <summary>
/// The dashboard's reads of the storage, each waiting for it at most <paramref name="wait"/>: short-lived snapshots of
/// a study's trials, shared by the requests of one poll, and parameter importances cached per count of completed trials.
/// </summary>
internal sealed class DashboardData(IStorage storage, TimeSpan wait)
{
    // A page polls several endpoints at once every couple of seconds; one read of the trials serves all of them.
    private static readonly TimeSpan SnapshotLifetime = TimeSpan.FromMilliseconds(500);

    private readonly ConcurrentDictionary<string, (DateTime Taken, IReadOnlyList<FrozenTrial> Trials)> _snapshots = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<(int Complete, ImportanceResult Result)>> _importance = new(StringComparer.Ordinal);

    private readonly Lock _stallLock = new();
    private Task? _stalled;

    /// <summary>Every study in the storage.</summary>
    public IReadOnlyList<StudyInfo> Studies() => Read(storage => storage.GetAllStudies());

    /// <summary>The study named <paramref name="name"/>, or null.</summary>
    public StudyInfo? FindStudy(string name) => Read(storage => storage.FindStudy(name));

    /// <summary>The study's trials in number order, at most <see cref="SnapshotLifetime"/> old.</summary>
    public IReadOnlyList<FrozenTrial> Trials(string study)
    {
        var now = DateTime.UtcNow;
        if (_snapshots.TryGetValue(study, out var cached) && now - cached.Taken < SnapshotLifetime)
            return cached.Trials;
        var trials = Read(storage => storage.GetAllTrials(study));
        _snapshots[study] = (now, trials);
        return trials;
    }

    /// <summary>
    /// fANOVA importances of the study, recomputed only when its count of completed trials changed, since the
    /// forest is the slowest thing the dashboard computes and polls ask for it far more often than trials finish.
    /// </summary>
    public ImportanceResult Importance(string study)
    {
        var trials = Trials(study);
        var complete = trials.Count(t => t.State == TrialState.Complete);
        var entry = _importance.AddOrUpdate(
            study,
            _ => Compute(trials, complete),
            (_, existing) => existing.Value.Complete == complete ? existing : Compute(trials, complete));
        return entry.Value.Result;
    }

    /// <summary>
    /// Runs one read of the storage, waiting for it at most <c>wait</c>. A read that outlasts the wait (a database
    /// being retried) goes on alone: until it ends, other reads are not started, so a storage that is down holds one
    /// thread, not one per request.
    /// </summary>
    /// <exception cref="StorageNotAnsweringException">The storage did not answer in time, is still waiting, or failed.</exception>
    private T Read<T>(Func<IStorage, T> read)
    {
        var notAnswering = string.Create(CultureInfo.InvariantCulture,
            $"the storage did not answer within {wait.TotalSeconds:0.#} s; it may be down or restarting: this page tries again");
        lock (_stallLock)
        {
            if (_stalled is { IsCompleted: false })
                throw new StorageNotAnsweringException(notAnswering);
        }
        var task = Task.Run(() => read(storage));
        try
        {
            if (task.Wait(wait))
                return task.Result;
        }
        catch (AggregateException e) when (e.InnerException is { } failure)
        {
            throw new StorageNotAnsweringException($"the storage cannot be read: {failure.Message.ReplaceLineEndings(" ")}", failure);
        }
        lock (_stallLock)
            _stalled = task;
        throw new StorageNotAnsweringException(notAnswering);
    }

    private static Lazy<(int, ImportanceResult)> Compute(IReadOnlyList<FrozenTrial> trials, int complete) =>
        new(() => (complete, new FanovaImportanceEvaluator().Evaluate(trials)));
}
