namespace MetaOpt.Samplers.Tpe;

/// <summary>
/// The parameters of finished trials split into groups that always appear together (Optuna's group-decomposed
/// search space): in a conditional space, each branch's parameters form a group, so the multivariate TPE can model
/// them jointly from the trials that took that branch instead of falling back to one parameter at a time.
/// </summary>
internal static class ParameterGroups
{
    /// <summary>
    /// Groups of parameter names, each sorted, ordered by their first name. A parameter is left out when it is
    /// single-valued or when two trials gave it different distributions (its values do not compare).
    /// </summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, Distribution>> Of(IEnumerable<IReadOnlyDictionary<string, Distribution>> trials)
    {
        var groups = new List<HashSet<string>>();
        var distributions = new Dictionary<string, Distribution>();
        var conflicting = new HashSet<string>();
        foreach (var trial in trials)
        {
            foreach (var (name, distribution) in trial)
                if (!distributions.TryAdd(name, distribution) && !distributions[name].Equals(distribution))
                    conflicting.Add(name);
            var names = trial.Keys.ToHashSet();
            var split = new List<HashSet<string>>();
            foreach (var group in groups)
            {
                var inside = group.Where(names.Contains).ToHashSet();
                var outside = group.Where(n => !names.Contains(n)).ToHashSet();
                if (inside.Count > 0) split.Add(inside);
                if (outside.Count > 0) split.Add(outside);
            }
            var fresh = names.Where(n => !groups.Any(g => g.Contains(n))).ToHashSet();
            if (fresh.Count > 0) split.Add(fresh);
            groups = split;
        }
        return groups
            .Select(g => g.Where(n => !conflicting.Contains(n) && !distributions[n].IsSingle).Order(StringComparer.Ordinal).ToList())
            .Where(g => g.Count > 0)
            .OrderBy(g => g[0], StringComparer.Ordinal)
            .Select(g => (IReadOnlyDictionary<string, Distribution>)g.ToDictionary(n => n, n => distributions[n]))
            .ToList();
    }
}
