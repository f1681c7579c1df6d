namespace MetaOpt;

/// <summary>
/// SMAC's intensification rule, decided afresh from the stored trials each time a trial starts, so workers and a
/// resumed run reach the same decisions with no state of their own. Only configurations seeded from the shared list
/// (<see cref="Study.SeedsOfAttr"/>) take part: their k-th runs all used the same seed, so comparing them on the
/// repeat indices they share compares them on the same seeds.
/// </summary>
internal static class Intensifier
{
    /// <summary>The repeats to enqueue now: for each configuration (by a trial of it), how many.</summary>
    public static IReadOnlyList<(FrozenTrial Trial, int Repeats)> Plan(IReadOnlyList<FrozenTrial> trials, Direction direction, int maxRuns)
    {
        // The configurations first run on the shared list: a confirmation's repeats are on it too, but not their first runs.
        var raced = trials.Where(t => t.Repeat == 0 && t.SeedsOf == BaselineRuns.Configuration).Select(t => t.Configuration).ToHashSet();
        var shared = trials.Where(t => raced.Contains(t.Configuration)).ToList();
        var pending = shared.Where(t => t.State is TrialState.Waiting or TrialState.Running).Select(t => t.Configuration).ToHashSet();
        var ranked = ConfigurationResult.Of(shared, direction);
        if (ConfigurationResult.Winner(ranked) is not { } incumbent)
            return [];
        var sign = direction.Sign();
        var plan = new List<(FrozenTrial, int)>();
        var rejected = 0;
        foreach (var challenger in ranked.Where(c => c != incumbent && !pending.Contains(c.Configuration)))
        {
            var common = challenger.Trials.Select(t => t.Repeat).Intersect(incumbent.Trials.Select(t => t.Repeat)).ToHashSet();
            if (common.Count == 0)
                continue;
            if (sign * MeanOn(challenger, common) >= sign * MeanOn(incumbent, common))
                rejected++;
            else if (challenger.Repeats < incumbent.Repeats)
                // SMAC doubles a surviving challenger's runs each round, up to the incumbent's: a lucky first draw is
                // usually caught after one more seed, and a good one does not wait for one seed at a time.
                plan.Add((challenger.Trials[0], Math.Min(2 * challenger.Repeats, incumbent.Repeats) - challenger.Repeats));
        }
        if (!pending.Contains(incumbent.Configuration) && incumbent.Repeats < Math.Min(maxRuns, 1 + rejected))
            plan.Add((incumbent.Trials[0], 1));
        return plan;
    }

    private static double MeanOn(ConfigurationResult result, HashSet<int> repeats) =>
        result.Trials.Where(t => repeats.Contains(t.Repeat)).Average(t => t.Value!.Value);
}
