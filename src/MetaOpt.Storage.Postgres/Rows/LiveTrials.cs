namespace MetaOpt.Storages.Postgres.Rows;

/// <summary>
/// The unfinished trials this storage instance last wrote, with the revision it wrote them at: the worker running a
/// trial changes it with one optimistic <c>UPDATE ... WHERE revision = @revision</c> rather than a locked
/// read-modify-write, and falls back to the lock when another process changed (or finished) it meanwhile.
/// </summary>
internal sealed class LiveTrials
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, (FrozenTrial Trial, int Revision)> _trials = new();

    public (FrozenTrial Trial, int Revision)? Known(long trialId) => _trials.TryGetValue(trialId, out var known) ? known : null;

    /// <summary>Records a trial as written at <paramref name="revision"/>; a finished one is forgotten, as it never changes again.</summary>
    public void Remember(FrozenTrial trial, int revision)
    {
        if (trial.State.IsFinished())
            _trials.TryRemove(trial.Id, out _);
        else
            _trials[trial.Id] = (trial, revision);
    }
}
