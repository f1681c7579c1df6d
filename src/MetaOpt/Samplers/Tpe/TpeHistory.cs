namespace MetaOpt.Samplers.Tpe;

/// <summary>
/// The history one TPE suggestion is fitted on, read once per trial: finished trials ranked and split into the
/// "below" (good) and "above" (bad) groups, running trials added to "above" under the constant liar, and the
/// search space all finished trials share.
/// </summary>
internal sealed class TpeHistory
{
    /// <summary>System attribute prefix under which a running trial shares its joint sample with other workers.</summary>
    internal const string RelativeParamPrefix = "tpe:relative:";

    private readonly Lazy<IReadOnlyDictionary<string, Distribution>> _intersection;

    private TpeHistory(int finishedCount, IReadOnlyList<TpeObservation> below, IReadOnlyList<TpeObservation> above,
        IReadOnlyList<TpeObservation> running, IReadOnlyList<FrozenTrial> finished)
    {
        FinishedCount = finishedCount;
        Below = below;
        Above = above;
        Running = running;
        _intersection = new(() => Intersection(finished));
    }

    /// <summary>Complete and pruned trials: the n of the good fraction and of the start-up count.</summary>
    public int FinishedCount { get; }

    /// <summary>The best γ(n) finished trials, in trial-number order.</summary>
    public IReadOnlyList<TpeObservation> Below { get; }

    /// <summary>The other finished trials and, under the constant liar, the running ones, in trial-number order.</summary>
    public IReadOnlyList<TpeObservation> Above { get; }

    /// <summary>The other running trials, with the joint samples they shared: the points being evaluated right now.</summary>
    public IReadOnlyList<TpeObservation> Running { get; }

    /// <summary>Parameters every finished trial has with the same distribution (single-valued ones left out), by name.</summary>
    public IReadOnlyDictionary<string, Distribution> IntersectionSearchSpace => _intersection.Value;

    /// <summary>Reads the study once and splits it for the suggestions of <paramref name="current"/>.</summary>
    public static TpeHistory Read(Study study, FrozenTrial current, bool constantLiar, Func<int, int> gamma)
    {
        var trials = study.GetTrials(TrialState.Complete, TrialState.Pruned, TrialState.Running);
        var finished = trials.Where(t => t.State is TrialState.Complete or TrialState.Pruned).ToList();
        var nBelow = gamma(finished.Count);
        if (nBelow < 0)
            throw new InvalidOperationException($"gamma({finished.Count}) returned {nBelow}; it must be at least 0");
        var (below, above) = Split(finished, study.Direction, Math.Min(nBelow, finished.Count));
        var aboveObservations = above.Select(TpeObservation.From).ToList();
        var running = trials.Where(t => t.State == TrialState.Running && t.Id != current.Id).Select(RunningObservation).ToList();
        if (constantLiar)
        {
            aboveObservations.AddRange(running);
            aboveObservations.Sort((a, b) => a.Number.CompareTo(b.Number));
        }
        return new TpeHistory(finished.Count, below.Select(TpeObservation.From).ToList(), aboveObservations, running, finished);
    }

    /// <summary>
    /// Ranks finished trials best first and returns the first <paramref name="nBelow"/> as "below", both groups in
    /// trial-number order. Complete trials rank by value. Pruned trials rank after every complete one: a trial
    /// pruned at a later step ranks better (it survived more pruning decisions), ties by its last reported value;
    /// a pruned trial with no report ranks last. Failed trials are never passed in.
    /// </summary>
    internal static (List<FrozenTrial> Below, List<FrozenTrial> Above) Split(IReadOnlyList<FrozenTrial> finished, Direction direction, int nBelow)
    {
        var ranked = finished
            .OrderBy(t => t.State == TrialState.Complete ? 0 : 1)
            .ThenBy(t => t.State == TrialState.Complete ? 0L : -(long?)t.LastIntermediate?.Step ?? 1L)
            .ThenBy(t => Loss(t.Value, direction))
            .ThenBy(t => t.Number)
            .ToList();
        var below = ranked.Take(nBelow).OrderBy(t => t.Number).ToList();
        var above = ranked.Skip(nBelow).OrderBy(t => t.Number).ToList();
        return (below, above);
    }

    private static double Loss(double? value, Direction direction) =>
        value is not { } v || double.IsNaN(v) ? double.PositiveInfinity
        : direction == Direction.Minimize ? v : -v;

    // A running trial's stored parameters plus the joint sample it shared, so parallel workers see it in full.
    private static TpeObservation RunningObservation(FrozenTrial trial)
    {
        var observation = TpeObservation.From(trial);
        var values = new Dictionary<string, double>(observation.Values);
        foreach (var (key, value) in trial.SystemAttrs)
        {
            if (key.StartsWith(RelativeParamPrefix, StringComparison.Ordinal) && value is double v)
                values.TryAdd(key[RelativeParamPrefix.Length..], v);
        }
        return observation with { Values = values };
    }

    private static Dictionary<string, Distribution> Intersection(IReadOnlyList<FrozenTrial> finished)
    {
        if (finished.Count == 0)
            return new Dictionary<string, Distribution>();
        var space = finished[0].Distributions.Where(kv => !kv.Value.IsSingle).ToDictionary(kv => kv.Key, kv => kv.Value);
        foreach (var trial in finished.Skip(1))
        {
            foreach (var name in space.Keys.ToList())
            {
                if (!trial.Distributions.TryGetValue(name, out var d) || !d.Equals(space[name]))
                    space.Remove(name);
            }
        }
        return space;
    }
}
