using System.Collections.Concurrent;

namespace MetaOpt.Dashboard.Api;

/// <summary>
/// The dashboard's reads of the storage: short-lived snapshots of a study's trials, shared by the requests of one
/// poll, and parameter importances cached per count of completed trials.
/// </summary>
internal sealed class DashboardData(IStorage storage)
{
    // A page polls several endpoints at once every couple of seconds; one read of the trials serves all of them.
    private static readonly TimeSpan SnapshotLifetime = TimeSpan.FromMilliseconds(500);

    private readonly ConcurrentDictionary<string, (DateTime Taken, IReadOnlyList<FrozenTrial> Trials)> _snapshots = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<(int Complete, ImportanceResult Result)>> _importance = new(StringComparer.Ordinal);

    public IStorage Storage { get; } = storage;

    /// <summary>The study's trials in number order, at most <see cref="SnapshotLifetime"/> old.</summary>
    public IReadOnlyList<FrozenTrial> Trials(string study)
    {
        var now = DateTime.UtcNow;
        if (_snapshots.TryGetValue(study, out var cached) && now - cached.Taken < SnapshotLifetime)
            return cached.Trials;
        var trials = Storage.GetAllTrials(study);
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

    private static Lazy<(int, ImportanceResult)> Compute(IReadOnlyList<FrozenTrial> trials, int complete) =>
        new(() => (complete, new FanovaImportanceEvaluator().Evaluate(trials)));
}
