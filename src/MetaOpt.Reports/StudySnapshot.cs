namespace MetaOpt;

/// <summary>What a report reads from a study, read from the storage once so every plot sees the same trials.</summary>
/// <param name="Name">The study's name.</param>
/// <param name="Direction">Whether the study minimises or maximises; a multi-objective study's first objective's (see <see cref="Directions"/>).</param>
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
        var trials = study.Trials;
        return new StudySnapshot(study.Name, study.Directions[0], trials, study.UserAttrs)
        {
            Directions = study.Directions,
            ReleasedTrials = study.Options.Artifacts is { } store
                ? trials.Where(t => t.Artifacts.Count > 0 && store.IsReleased(t.Id)).Select(t => t.Number).ToHashSet()
                : null,
        };
    }

    /// <summary>
    /// The numbers of the trials whose artifacts the keep policy let go (their records stay, their files are gone);
    /// null when the study was read without its artifact store, so which trials still keep theirs is unknown.
    /// </summary>
    public IReadOnlySet<int>? ReleasedTrials { get; init; }

    /// <summary>One direction per objective: <see cref="Direction"/> alone unless the study has several objectives.</summary>
    public IReadOnlyList<Direction> Directions { get; init; } = [Direction];

    /// <summary>
    /// Whether the study has several objectives: its trials have <see cref="FrozenTrial.Values"/> and no single
    /// value, so the report shows their Pareto front and hypervolume instead of the single-objective plots.
    /// </summary>
    public bool IsMultiObjective => Directions.Count > 1;

    // Computed once: every plot and table row asks for them, and recomputing per call made a 10 000-trial report quadratic.
    private IReadOnlyList<FrozenTrial>? _complete;
    private IReadOnlyList<string>? _parameterNames;
    private IReadOnlyList<FrozenTrial>? _bestFirst;

    /// <summary>The Complete trials with a finite value, in number order.</summary>
    public IReadOnlyList<FrozenTrial> CompleteTrials => _complete ??=
        Trials.Where(t => t.State == TrialState.Complete && t.Value is { } v && double.IsFinite(v)).ToList();

    /// <summary>The Complete trials from the best value to the worst (ties by trial number).</summary>
    public IReadOnlyList<FrozenTrial> CompleteTrialsBestFirst => _bestFirst ??=
        CompleteTrials.OrderBy(t => Direction.Sign() * t.Value!.Value).ThenBy(t => t.Number).ToList();

    /// <summary>The best Complete trial, or null when none has completed.</summary>
    public FrozenTrial? BestTrial => CompleteTrialsBestFirst.Count == 0 ? null : CompleteTrialsBestFirst[0];

    /// <summary>
    /// Whether any trial reported a step (an intermediate value, such as an epoch's validation loss): without one
    /// there are no learning curves to draw and nothing a pruner could have cut.
    /// </summary>
    public bool ReportsSteps => Trials.Any(t => t.IntermediateValues.Count > 0);

    /// <summary>The names of all parameters any trial suggested, in ordinal order.</summary>
    public IReadOnlyList<string> ParameterNames => _parameterNames ??=
        Trials.SelectMany(t => t.Params.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
}
