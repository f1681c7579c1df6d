namespace MetaOpt.Samplers.Tpe;

/// <summary>
/// Where a finished trial ranks among the others, best first: complete trials by value; pruned ones after every
/// complete one, a later pruning step first, then by value; a pruned trial with no report last; ties by number.
/// </summary>
/// <param name="Complete">Whether the trial completed (rather than was pruned).</param>
/// <param name="StepKey">0 for a complete trial; minus the last reported step of a pruned one, 1 without reports.</param>
/// <param name="Value">The trial's value, if any.</param>
/// <param name="Number">The trial's number, which breaks ties, so the order is total.</param>
internal readonly record struct RankKey(bool Complete, long StepKey, double? Value, int Number)
{
    public static RankKey Of(FrozenTrial trial)
    {
        var complete = trial.State == TrialState.Complete;
        return new RankKey(complete, complete ? 0L : -(long?)trial.LastIntermediate?.Step ?? 1L, trial.Value, trial.Number);
    }

    /// <summary>Negative when <paramref name="a"/> ranks better than <paramref name="b"/> in <paramref name="direction"/>.</summary>
    public static int Compare(in RankKey a, in RankKey b, Direction direction)
    {
        var order = b.Complete.CompareTo(a.Complete);
        if (order == 0)
            order = a.StepKey.CompareTo(b.StepKey);
        if (order == 0)
            order = Loss(a.Value, direction).CompareTo(Loss(b.Value, direction));
        return order != 0 ? order : a.Number.CompareTo(b.Number);
    }

    /// <summary>
    /// The positions of the <paramref name="count"/> best keys, in ascending position order: a selection with a
    /// bounded heap, the same set a full sort would put first (the order is total), in O(n log count).
    /// </summary>
    public static bool[] Best(IReadOnlyList<RankKey> keys, Direction direction, int count)
    {
        var chosen = new bool[keys.Count];
        if (count <= 0)
            return chosen;
        // A max-heap of the best positions so far: its root is the worst of them, replaced by any better key.
        var worstFirst = new PriorityQueue<int, int>(count, Comparer<int>.Create((a, b) => Compare(keys[b], keys[a], direction)));
        for (var i = 0; i < keys.Count; i++)
        {
            if (worstFirst.Count < count)
                worstFirst.Enqueue(i, i);
            else if (Compare(keys[i], keys[worstFirst.Peek()], direction) < 0)
                worstFirst.EnqueueDequeue(i, i);
        }
        while (worstFirst.TryDequeue(out var position, out _))
            chosen[position] = true;
        return chosen;
    }

    private static double Loss(double? value, Direction direction) =>
        value is not { } v || double.IsNaN(v) ? double.PositiveInfinity
        : direction.Sign() * v;
}
