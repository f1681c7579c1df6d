namespace MetaOpt.Samplers.Tpe;

/// <summary>
/// The history one TPE suggestion is fitted on, read once per trial (finished trials converted once per study, see
/// <see cref="FinishedObservations"/>): finished trials ranked and split into the
/// "below" (good) and "above" (bad) groups (by non-dominated front and hypervolume in a multi-objective study,
/// <see cref="MultiObjectiveSplit"/>), running trials added to "above" under the constant liar, and the
/// search space all finished trials share.
/// </summary>
internal sealed class TpeHistory
{
    /// <summary>System attribute prefix under which a running trial shares its joint sample with other workers.</summary>
    internal const string RelativeParamPrefix = "tpe:relative:";

    private readonly Lazy<IReadOnlyDictionary<string, Distribution>> _intersection;
    private readonly Lazy<IReadOnlyList<IReadOnlyDictionary<string, Distribution>>> _groups;

    private TpeHistory(int finishedCount, IReadOnlyList<TpeObservation> below, IReadOnlyList<double>? belowWeights,
        IReadOnlyList<TpeObservation> above, IReadOnlyList<TpeObservation> running, IReadOnlyList<FrozenTrial> finished)
    {
        FinishedCount = finishedCount;
        Below = below;
        BelowWeights = belowWeights;
        Above = above;
        Running = running;
        _intersection = new(() => Intersection(finished));
        _groups = new(() => ParameterGroups.Of(finished.Select(t => t.Distributions)));
    }

    /// <summary>Complete and pruned trials: the n of the good fraction and of the start-up count.</summary>
    public int FinishedCount { get; }

    /// <summary>The best γ(n) finished trials, in trial-number order.</summary>
    public IReadOnlyList<TpeObservation> Below { get; }

    /// <summary>
    /// In a multi-objective study, the weight of each <see cref="Below"/> trial, in the same order: its hypervolume
    /// contribution (<see cref="MultiObjectiveSplit.Weights"/>). Null with one objective, where the sampler's weights
    /// function applies.
    /// </summary>
    public IReadOnlyList<double>? BelowWeights { get; }

    /// <summary>The other finished trials and, under the constant liar, the running ones, in trial-number order.</summary>
    public IReadOnlyList<TpeObservation> Above { get; }

    /// <summary>The other running trials, with the joint samples they shared: the points being evaluated right now.</summary>
    public IReadOnlyList<TpeObservation> Running { get; }

    /// <summary>Parameters every finished trial has with the same distribution (single-valued ones left out), by name.</summary>
    public IReadOnlyDictionary<string, Distribution> IntersectionSearchSpace => _intersection.Value;

    /// <summary>The finished trials' parameters in groups that always appear together (<see cref="ParameterGroups"/>).</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, Distribution>> Groups => _groups.Value;

    /// <summary>Reads the study once and splits it for the suggestions of <paramref name="current"/>.</summary>
    /// <param name="study">The study.</param>
    /// <param name="current">The trial being sampled, left out of the running ones.</param>
    /// <param name="constantLiar">Whether running trials join "above".</param>
    /// <param name="gamma">The size of "below" for n finished trials.</param>
    /// <param name="cache">The study's finished observations from earlier reads, extended by this one; none when null.</param>
    public static TpeHistory Read(Study study, FrozenTrial current, bool constantLiar, Func<int, int> gamma, FinishedObservations? cache = null)
    {
        var trials = study.GetTrials(TrialState.Complete, TrialState.Pruned, TrialState.Running);
        var finished = trials.Where(t => t.State is TrialState.Complete or TrialState.Pruned).ToList();
        var nBelow = gamma(finished.Count);
        if (nBelow < 0)
            throw new InvalidOperationException($"gamma({finished.Count}) returned {nBelow}; it must be at least 0");
        var (observations, keys) = (cache ?? new FinishedObservations()).Of(finished);
        List<TpeObservation> below, above;
        double[]? belowWeights = null;
        if (study.IsMultiObjective)
            (below, above, belowWeights) = SplitByFronts(observations, finished, study.Directions, nBelow);
        else
            (below, above) = Split(observations, keys, study.Direction, Math.Min(nBelow, finished.Count));
        var running = trials.Where(t => t.State == TrialState.Running && t.Id != current.Id).Select(RunningObservation).ToList();
        if (constantLiar)
            above = MergeByNumber(above, running);
        return new TpeHistory(finished.Count, below, belowWeights, above, running, finished);
    }

    /// <summary>
    /// Ranks finished trials best first (<see cref="RankKey"/>) and returns the first <paramref name="nBelow"/> as
    /// "below", both groups in trial-number order. Failed trials are never passed in.
    /// </summary>
    internal static (List<FrozenTrial> Below, List<FrozenTrial> Above) Split(IReadOnlyList<FrozenTrial> finished, Direction direction, int nBelow)
    {
        var (below, above) = Split(finished.ToArray(), finished.Select(RankKey.Of).ToArray(), direction, nBelow);
        return (below, above);
    }

    /// <summary>
    /// The multi-objective split (<see cref="MultiObjectiveSplit"/>) of finished trials (<paramref name="items"/> their
    /// observations, in the same order): "below" holds the best <paramref name="nBelow"/> complete trials (all of them
    /// if fewer), with their weights; pruned trials, which have no values to rank, are "above". Both groups in
    /// trial-number order.
    /// </summary>
    private static (List<T> Below, List<T> Above, double[] BelowWeights) SplitByFronts<T>(
        T[] items, IReadOnlyList<FrozenTrial> trials, IReadOnlyList<Direction> directions, int nBelow)
    {
        var order = Enumerable.Range(0, items.Length).OrderBy(i => trials[i].Number).ToArray();
        var valued = order.Where(i => trials[i].State == TrialState.Complete && trials[i].Values?.Count == directions.Count).ToArray();
        var values = valued.Select(i => trials[i].Values!).ToList();
        var chosen = new bool[items.Length];
        var best = MultiObjectiveSplit.Below(values, directions, Math.Min(nBelow, values.Count));
        for (var k = 0; k < valued.Length; k++)
            chosen[valued[k]] = best[k];
        var below = order.Where(i => chosen[i]).ToList();
        var weights = MultiObjectiveSplit.Weights(below.Select(i => trials[i].Values!).ToList(), directions);
        return (below.ConvertAll(i => items[i]), order.Where(i => !chosen[i]).Select(i => items[i]).ToList(), weights);
    }

    // Both groups in number order: the trials come in number order from the storage, and are sorted if not.
    private static (List<T> Below, List<T> Above) Split<T>(T[] items, RankKey[] keys, Direction direction, int nBelow)
    {
        if (!IsInNumberOrder(keys))
            Array.Sort(keys, items, Comparer<RankKey>.Create((a, b) => a.Number.CompareTo(b.Number)));
        var chosen = RankKey.Best(keys, direction, nBelow);
        var below = new List<T>(nBelow);
        var above = new List<T>(items.Length - nBelow);
        for (var i = 0; i < items.Length; i++)
            (chosen[i] ? below : above).Add(items[i]);
        return (below, above);
    }

    private static bool IsInNumberOrder(RankKey[] keys)
    {
        for (var i = 1; i < keys.Length; i++)
        {
            if (keys[i - 1].Number > keys[i].Number)
                return false;
        }
        return true;
    }

    // Two lists each in number order, merged in number order (numbers are unique).
    private static List<TpeObservation> MergeByNumber(List<TpeObservation> first, List<TpeObservation> second)
    {
        if (second.Count == 0)
            return first;
        var sortedSecond = second.OrderBy(o => o.Number).ToList();
        var merged = new List<TpeObservation>(first.Count + second.Count);
        var (i, j) = (0, 0);
        while (i < first.Count || j < sortedSecond.Count)
            merged.Add(j == sortedSecond.Count || (i < first.Count && first[i].Number < sortedSecond[j].Number) ? first[i++] : sortedSecond[j++]);
        return merged;
    }

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
