using System.Collections.Concurrent;
using System.Diagnostics;

namespace MetaOpt.Launcher.Commands.Run;

/// <summary>What a run has done so far, shared by the worker threads and the progress display.</summary>
internal sealed class RunProgress(Study study, int total, int alreadyDone, int epochs, int parallelism, TimeSpan? timeout)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentDictionary<int, (DateTime Since, string? Device)> _running = new();
    private readonly object _lock = new();
    private readonly List<TimeSpan> _durations = [];
    private FrozenTrial? _best = study.GetTrials(TrialState.Complete).Aggregate((FrozenTrial?)null, (best, t) => Better(study, t, best));
    private int _done = alreadyDone;

    // A multi-objective study's Pareto front so far, kept as trials finish; empty for one objective.
    private readonly List<FrozenTrial> _front = study.IsMultiObjective ? [.. study.BestTrials] : [];

    /// <summary>The study being run.</summary>
    public Study Study => study;

    /// <summary>Finished trials the run aims at, counting those stored before it started.</summary>
    public int Total => total;

    /// <summary>Epochs of a full trial; 0 when trials report no epochs.</summary>
    public int Epochs => epochs;

    /// <summary>Finished (complete, pruned or failed) trials so far, including those stored before this run.</summary>
    public int Done => Volatile.Read(ref _done);

    /// <summary>Time since this run started.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>The best complete trial so far, or null.</summary>
    public FrozenTrial? Best
    {
        get
        {
            lock (_lock)
                return _best;
        }
    }

    /// <summary>The size of a multi-objective study's Pareto front so far, which stands for its best; null for one objective.</summary>
    public int? FrontSize
    {
        get
        {
            if (!study.IsMultiObjective)
                return null;
            lock (_lock)
                return _front.Count;
        }
    }

    public void Started(int trialNumber, string? device) => _running[trialNumber] = (DateTime.UtcNow, device);

    public void Finished(FrozenTrial trial)
    {
        _running.TryRemove(trial.Number, out _);
        lock (_lock)
        {
            if (trial.Duration is { } duration)
                _durations.Add(duration);
            if (trial.State is TrialState.Complete or TrialState.Pruned or TrialState.Failed)
                _done++;
            _best = Better(study, trial, _best);
            if (study.IsMultiObjective && trial is { State: TrialState.Complete, Values: { } values } && values.Count == study.Directions.Count
                && !_front.Any(t => Pareto.Dominates(t.Values!, values, study.Directions)))
            {
                _front.RemoveAll(t => Pareto.Dominates(values, t.Values!, study.Directions));
                _front.Add(trial);
            }
        }
    }

    /// <summary>The trials this run is evaluating now, with how many epochs each has reported and its device slot.</summary>
    public IReadOnlyList<(int Number, int EpochsDone, TimeSpan RunningFor, string? Device)> Running()
    {
        var mine = _running.ToArray();
        if (mine.Length == 0)
            return [];
        var epochsByNumber = study.GetTrials(TrialState.Running).ToDictionary(t => t.Number, t => t.IntermediateValues.Count);
        return mine.OrderBy(kv => kv.Key)
            .Select(kv => (kv.Key, epochsByNumber.GetValueOrDefault(kv.Key), DateTime.UtcNow - kv.Value.Since, kv.Value.Device))
            .ToList();
    }

    /// <summary>
    /// Time until the run ends: the mean trial time of this run times the trials still to go, spread over the
    /// workers, and never beyond the timeout. Null until a trial has finished.
    /// </summary>
    public TimeSpan? Remaining()
    {
        TimeSpan? byTrials;
        lock (_lock)
            byTrials = _durations.Count == 0
                ? null
                : TimeSpan.FromTicks((long)(_durations.Average(d => d.Ticks) * Math.Max(0, total - _done) / parallelism));
        var byTimeout = timeout - Elapsed;
        if (byTimeout < TimeSpan.Zero)
            byTimeout = TimeSpan.Zero;
        return (byTrials, byTimeout) switch
        {
            ({ } a, { } b) => a < b ? a : b,
            _ => byTrials ?? byTimeout,
        };
    }

    private static FrozenTrial? Better(Study study, FrozenTrial candidate, FrozenTrial? best) =>
        candidate is { State: TrialState.Complete, Value: { } value } && (best?.Value is not { } bestValue || study.IsBetter(value, bestValue))
            ? candidate
            : best;
}
