namespace MetaOpt;

/// <summary>
/// The changes a storage makes to a trial, in one place so that every <see cref="IStorage"/> starts, changes and
/// finishes trials alike and checks the same things; a storage only adds where and how it keeps the result.
/// </summary>
public sealed partial record FrozenTrial
{
    /// <summary>
    /// A trial as a storage creates it: Running (started now, with a fresh heartbeat) or Waiting (enqueued, not
    /// started), with copies of the given attributes. Every <see cref="IStorage.CreateTrial"/> builds it here, so all
    /// storages start trials alike.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="state"/> is not Running or Waiting.</exception>
    public static FrozenTrial New(
        long id,
        int number,
        TrialState state,
        IReadOnlyDictionary<string, object>? systemAttrs,
        IReadOnlyDictionary<string, object>? userAttrs)
    {
        if (state is not (TrialState.Running or TrialState.Waiting))
            throw new ArgumentException($"A new trial must be Running or Waiting, not {state}.", nameof(state));
        var now = state == TrialState.Running ? DateTime.UtcNow : (DateTime?)null;
        return new FrozenTrial
        {
            Id = id,
            Number = number,
            State = state,
            SystemAttrs = new Dictionary<string, object>(systemAttrs ?? new Dictionary<string, object>()),
            UserAttrs = new Dictionary<string, object>(userAttrs ?? new Dictionary<string, object>()),
            DatetimeStart = now,
            Heartbeat = now,
        };
    }

    /// <summary>
    /// This Waiting trial started by a worker now, with a fresh heartbeat and the given system attributes added, so
    /// that what the worker records about itself (its owner) is never missing from a Running trial.
    /// </summary>
    /// <exception cref="ArgumentException">A key is blank.</exception>
    public FrozenTrial Claimed(IReadOnlyDictionary<string, object>? systemAttrs = null)
    {
        var now = DateTime.UtcNow;
        return (systemAttrs ?? new Dictionary<string, object>()).Aggregate(
            this with { State = TrialState.Running, DatetimeStart = now, Heartbeat = now },
            (trial, attr) => trial.WithSystemAttr(attr.Key, attr.Value));
    }

    /// <summary>A copy of this trial with another id and number, sharing nothing mutable with it (see <see cref="IStorage.AddTrialCopy"/>).</summary>
    public FrozenTrial CopiedAs(long id, int number) => this with
    {
        Id = id,
        Number = number,
        Params = new Dictionary<string, object>(Params),
        Distributions = new Dictionary<string, Distribution>(Distributions),
        IntermediateValues = new SortedDictionary<int, double>(IntermediateValues.ToDictionary()),
        UserAttrs = new Dictionary<string, object>(UserAttrs),
        SystemAttrs = new Dictionary<string, object>(SystemAttrs),
    };

    /// <summary>With the parameter's value, given in the internal representation of its distribution.</summary>
    /// <exception cref="ArgumentException">The name is blank, or the value is not one of the distribution's.</exception>
    public FrozenTrial WithParam(string name, double internalValue, Distribution distribution)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(distribution);
        if (!distribution.Contains(internalValue))
            throw new ArgumentException($"Parameter '{name}': {internalValue} is not a value of {distribution}.", nameof(internalValue));
        return this with
        {
            Params = With(Params, name, distribution.ToExternal(internalValue)),
            Distributions = With(Distributions, name, distribution),
        };
    }

    /// <summary>
    /// With an intermediate value at a step; a step already reported keeps its first value (as Optuna does), so two
    /// processes reporting one step at once leave the value the first one stored, whichever storage holds it.
    /// </summary>
    public FrozenTrial WithIntermediateValue(int step, double value) =>
        IntermediateValues.ContainsKey(step)
            ? this
            : this with { IntermediateValues = new SortedDictionary<int, double>(IntermediateValues.ToDictionary()) { [step] = value } };

    /// <summary>With a user attribute.</summary>
    /// <exception cref="ArgumentException">The key is blank.</exception>
    public FrozenTrial WithUserAttr(string key, object value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return this with { UserAttrs = With(UserAttrs, key, value) };
    }

    /// <summary>With a system attribute.</summary>
    /// <exception cref="ArgumentException">The key is blank.</exception>
    public FrozenTrial WithSystemAttr(string key, object value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return this with { SystemAttrs = With(SystemAttrs, key, value) };
    }

    /// <summary>With a heartbeat recorded now.</summary>
    public FrozenTrial WithHeartbeat() => this with { Heartbeat = DateTime.UtcNow };

    /// <summary>Finished now in <paramref name="state"/>, with its values (one per objective) and the reason it failed, if it did.</summary>
    /// <exception cref="ArgumentException"><paramref name="state"/> is not Complete, Pruned or Failed, or <paramref name="values"/> is empty.</exception>
    public FrozenTrial Finished(TrialState state, IReadOnlyList<double>? values, string? failReason)
    {
        CheckFinishedState(state);
        return this with { State = state, Values = values, FailReason = failReason, DatetimeComplete = DateTime.UtcNow };
    }

    /// <summary>Throws unless <paramref name="state"/> is one a trial can finish in; lets a storage check before it locks.</summary>
    /// <exception cref="ArgumentException"><paramref name="state"/> is not Complete, Pruned or Failed.</exception>
    public static void CheckFinishedState(TrialState state)
    {
        if (!state.IsFinished())
            throw new ArgumentException($"FinishTrial needs Complete, Pruned or Failed, not {state}.", nameof(state));
    }

    private static IReadOnlyDictionary<string, T> With<T>(IReadOnlyDictionary<string, T> source, string key, T value) =>
        new Dictionary<string, T>(source) { [key] = value };
}
