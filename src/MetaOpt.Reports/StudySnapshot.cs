namespace MetaOpt;

/// <summary>What a report reads from a study, read from the storage once so every plot sees the same trials.</summary>
/// <param name="Name">The study's name.</param>
/// <param name="Direction">Whether the study minimises or maximises.</param>
/// <param name="Trials">All trials in number order.</param>
/// <param name="UserAttrs">The study's user attributes (its settings: sampler, pruner, data, baselines...).</param>
public sealed record StudySnapshot(
    string Name,
    Direction Direction,
    IReadOnlyList<FrozenTrial> Trials,
    IReadOnlyDictionary<string, object> UserAttrs)
{
    /// <summary>Reads a study's trials and attributes.</summary>
    public static StudySnapshot Of(Study study)
    {
        ArgumentNullException.ThrowIfNull(study);
        return new StudySnapshot(study.Name, study.Direction, study.Trials, study.UserAttrs);
    }

    /// <summary>The Complete trials with a finite value, in number order.</summary>
    public IReadOnlyList<FrozenTrial> CompleteTrials =>
        Trials.Where(t => t.State == TrialState.Complete && t.Value is { } v && double.IsFinite(v)).ToList();

    /// <summary>The best Complete trial, or null when none has completed.</summary>
    public FrozenTrial? BestTrial => CompleteTrials.Count == 0
        ? null
        : Direction == Direction.Minimize ? CompleteTrials.MinBy(t => t.Value) : CompleteTrials.MaxBy(t => t.Value);

    /// <summary>The names of all parameters any trial suggested, in ordinal order.</summary>
    public IReadOnlyList<string> ParameterNames =>
        Trials.SelectMany(t => t.Params.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
}
