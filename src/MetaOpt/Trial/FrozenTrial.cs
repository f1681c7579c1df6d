using System.Globalization;

namespace MetaOpt;

/// <summary>An immutable snapshot of a trial, as stored: what samplers, pruners, reports and users read.</summary>
public sealed partial record FrozenTrial
{
    /// <summary>Storage-wide identifier of the trial.</summary>
    public required long Id { get; init; }

    /// <summary>Position of the trial in its study, from 0.</summary>
    public required int Number { get; init; }

    /// <summary>Where the trial is in its life cycle.</summary>
    public required TrialState State { get; init; }

    /// <summary>
    /// The objective value of a Complete trial, the last reported intermediate value of a Pruned one; null otherwise,
    /// and always null in a multi-objective study, whose values are <see cref="Values"/>: code that knows one
    /// objective never takes the first of several for the whole.
    /// </summary>
    public double? Value { get; init; }

    private readonly IReadOnlyList<double>? _values;

    /// <summary>
    /// The objective values of a Complete trial, one per direction of its study (<see cref="StudyInfo.Directions"/>);
    /// [<see cref="Value"/>] in a single-objective study; null when the trial has no value. One value given here
    /// sets <see cref="Value"/>.
    /// </summary>
    public IReadOnlyList<double>? Values
    {
        get => _values ?? (Value is { } value ? [value] : null);
        init
        {
            if (value is { Count: 1 })
                (Value, _values) = (value[0], null);
            else
                (Value, _values) = (null, value is null ? null : value.Count == 0 ? throw new ArgumentException("A trial's values must not be empty.", nameof(Values)) : value.ToArray());
        }
    }

    /// <summary>Parameter values as the objective saw them (double, int, or the categorical choice).</summary>
    public IReadOnlyDictionary<string, object> Params { get; init; } = Empty<object>();

    /// <summary>The distribution each parameter was drawn from.</summary>
    public IReadOnlyDictionary<string, Distribution> Distributions { get; init; } = Empty<Distribution>();

    /// <summary>Values reported with <see cref="Trial.Report"/>, by step.</summary>
    public IReadOnlyDictionary<int, double> IntermediateValues { get; init; } = new SortedDictionary<int, double>();

    /// <summary>Attributes set by the objective with <see cref="Trial.SetUserAttr"/>.</summary>
    public IReadOnlyDictionary<string, object> UserAttrs { get; init; } = Empty<object>();

    /// <summary>Attributes kept by samplers, pruners and the study itself (enqueued parameters, rungs, owner).</summary>
    public IReadOnlyDictionary<string, object> SystemAttrs { get; init; } = Empty<object>();

    /// <summary>When a worker started the trial (UTC).</summary>
    public DateTime? DatetimeStart { get; init; }

    /// <summary>When the trial finished (UTC).</summary>
    public DateTime? DatetimeComplete { get; init; }

    /// <summary>Last sign of life of the worker running the trial (UTC).</summary>
    public DateTime? Heartbeat { get; init; }

    /// <summary>Why the trial failed: the objective's exception, a non-finite result, an interruption or a dead worker, in words.</summary>
    public string? FailReason { get; init; }

    /// <summary>Parameters fixed before the trial was sampled (by <see cref="Study.EnqueueTrial"/>), by name, as given.</summary>
    internal IReadOnlyDictionary<string, object> FixedParams => SystemAttrs
        .Where(kv => kv.Key.StartsWith(Trial.FixedParamPrefix, StringComparison.Ordinal))
        .ToDictionary(kv => kv.Key[Trial.FixedParamPrefix.Length..], kv => kv.Value);

    /// <summary>The training seed the trial was started with (<see cref="Trial.Seed"/>); null for a trial stored before trials had seeds, or not started.</summary>
    public int? Seed => SystemAttrs.TryGetValue(Trial.SeedAttr, out var seed) ? Convert.ToInt32(seed, CultureInfo.InvariantCulture) : null;

    /// <summary>The files the trial kept (<see cref="Trial.SaveArtifact"/>), by name, from its system attributes.</summary>
    /// <exception cref="InvalidDataException">An artifact attribute is malformed.</exception>
    public IReadOnlyList<ArtifactInfo> Artifacts => SystemAttrs
        .Where(kv => kv.Key.StartsWith(ArtifactInfo.AttrPrefix, StringComparison.Ordinal))
        .Select(kv => ArtifactJson.Read(kv.Key[ArtifactInfo.AttrPrefix.Length..], Convert.ToString(kv.Value, CultureInfo.InvariantCulture)!))
        .OrderBy(a => a.Name, StringComparer.Ordinal)
        .ToList();

    /// <summary>The value of a parameter in the internal representation of its distribution.</summary>
    public double InternalParam(string name) => Distributions[name].ToInternal(Params[name]);

    /// <summary>The step and value of the last intermediate report, if any.</summary>
    public (int Step, double Value)? LastIntermediate
    {
        get
        {
            if (IntermediateValues.Count == 0)
                return null;
            var last = IntermediateValues.MaxBy(kv => kv.Key);
            return (last.Key, last.Value);
        }
    }

    /// <summary>Wall time from start to completion.</summary>
    public TimeSpan? Duration => DatetimeComplete - DatetimeStart;

    private static IReadOnlyDictionary<string, T> Empty<T>() => new Dictionary<string, T>();
}
