namespace MetaOpt.Samplers.Gp;

/// <summary>
/// Which parameters of a conditional space each branch uses, read off the finished trials: a parameter that some
/// trials lack is conditioned on the first categorical parameter every trial has whose choices split the trials
/// exactly into those with it and those without (the <c>strategy</c> of a strategy search).
/// </summary>
/// <remarks>
/// The GP models the union of the trials' parameters and puts a parameter a trial did not use at
/// <see cref="UnitCubeSpace.Inactive"/>. Proposals are projected the same way (<see cref="Project"/>), so a candidate
/// on one branch is scored where that branch's observations lie and not in the empty region off them, where the
/// GP's variance would make every branch with unused parameters look promising. Choices no trial took yet leave
/// every parameter active.
/// </remarks>
internal sealed class BranchConditions
{
    private readonly (int Root, bool[] Active)?[] _conditions;

    private BranchConditions((int Root, bool[] Active)?[] conditions) => _conditions = conditions;

    /// <summary>No conditions: every parameter is always active.</summary>
    public static BranchConditions None(UnitCubeSpace space) => new(new (int, bool[])?[space.Dimensions]);

    /// <summary>The conditions the trials show.</summary>
    public static BranchConditions Infer(UnitCubeSpace space, IReadOnlyList<FrozenTrial> trials)
    {
        var conditions = new (int Root, bool[] Active)?[space.Dimensions];
        var roots = Enumerable.Range(0, space.Dimensions)
            .Where(r => space.IsCategorical[r] && trials.All(t => t.Params.ContainsKey(space.Names[r])))
            .ToArray();
        for (var j = 0; j < space.Dimensions; j++)
        {
            var name = space.Names[j];
            if (trials.All(t => t.Params.ContainsKey(name)))
                continue;
            foreach (var r in roots)
            {
                var with = trials.Where(t => t.Params.ContainsKey(name)).Select(t => (int)t.InternalParam(space.Names[r])).ToHashSet();
                var without = trials.Where(t => !t.Params.ContainsKey(name)).Select(t => (int)t.InternalParam(space.Names[r])).ToHashSet();
                if (with.Overlaps(without))
                    continue;
                conditions[j] = (r, Enumerable.Range(0, space.ChoiceCounts[r]).Select(c => !without.Contains(c)).ToArray());
                break;
            }
        }
        return new BranchConditions(conditions);
    }

    /// <summary>Whether parameter <paramref name="j"/> is used on the branch of <paramref name="point"/>.</summary>
    public bool IsActive(int j, ReadOnlySpan<double> point) =>
        _conditions[j] is not { } condition || condition.Active[(int)point[condition.Root]];

    /// <summary>Puts every parameter the point's branch does not use at <see cref="UnitCubeSpace.Inactive"/>.</summary>
    public void Project(Span<double> point)
    {
        for (var j = 0; j < point.Length; j++)
            if (!IsActive(j, point))
                point[j] = UnitCubeSpace.Inactive;
    }
}
