namespace MetaOpt.Studies;

/// <summary>A study defined in code: what it searches, how one trial is evaluated, and how it is run by default.</summary>
/// <remarks>
/// The launcher finds every non-abstract implementation with a public parameterless constructor in this assembly
/// (<see cref="StudyCatalog"/>), so adding a study means adding one class. The search space is declared up front
/// rather than discovered by running trials, so that the launcher can build a grid from it and list it.
/// </remarks>
public interface IStudyDefinition
{
    /// <summary>The kebab-case name the launcher knows the study by, such as <c>movielens-maml</c>.</summary>
    string Name { get; }

    /// <summary>One sentence saying what the study searches for.</summary>
    string Description { get; }

    /// <summary>Whether the objective is minimised (the default) or maximised.</summary>
    Direction Direction => Direction.Minimize;

    /// <summary>
    /// The objective's direction when a run names <paramref name="metric"/> (<see cref="StudyInputs.Metric"/>); null
    /// is the study's own metric, in <see cref="Direction"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The study does not measure that metric; the message names it and what is allowed.</exception>
    Direction DirectionOf(string? metric) =>
        metric is null ? Direction : throw new ArgumentException($"Study '{Name}' has one objective; it takes no metric ('{metric}').", nameof(metric));

    /// <summary>
    /// One direction per objective: <see cref="Direction"/> alone by default; a multi-objective study names two or
    /// more and evaluates its trials with <see cref="PreparedStudy.Objectives"/>.
    /// </summary>
    IReadOnlyList<Direction> Directions => [Direction];

    /// <summary>
    /// The directions of the objectives when a run names <paramref name="metric"/> (<see cref="StudyInputs.Metric"/>),
    /// which a multi-objective study may read as naming several; null is the study's own, <see cref="Directions"/>.
    /// By default <see cref="DirectionOf"/>'s one direction for a named metric.
    /// </summary>
    /// <exception cref="ArgumentException">The study does not measure that metric; the message names it and what is allowed.</exception>
    IReadOnlyList<Direction> DirectionsOf(string? metric) => metric is null ? Directions : [DirectionOf(metric)];

    /// <summary>The sampler used when the command line names none; <see cref="SamplerKind.Auto"/> unless the study names another.</summary>
    SamplerKind DefaultSampler => SamplerKind.Auto;

    /// <summary>
    /// The sampler the study runs with, given the one the command line (or <see cref="DefaultSampler"/>) chose: a
    /// study may wrap it, as the strategy studies spread their trials over strategies with a
    /// <see cref="ChoiceHalvingSampler"/>. The chosen one as it is by default.
    /// </summary>
    ISampler WrapSampler(ISampler chosen) => chosen;

    /// <summary>The pruner used when the command line names none.</summary>
    PrunerKind DefaultPruner { get; }

    /// <summary>How many trials a run aims at when the command line gives no <c>--trials</c>.</summary>
    int DefaultTrialCount { get; }

    /// <summary>The steps (epochs) a full trial reports; 0 when the objective reports no intermediate values.</summary>
    int Epochs { get; }

    /// <summary>The data the study needs.</summary>
    DataRequirement Data { get; }

    /// <summary>
    /// The metrics the trials record, the baselines they are compared with and the parameters naming a strategy,
    /// stored with the study so that its report and <c>metaopt best</c> show them; none by default.
    /// </summary>
    StudyDeclarations Declarations => StudyDeclarations.None;

    /// <summary>
    /// Whether its trials keep files (<see cref="Trial.SaveArtifact"/>), such as trained models: a run then needs an
    /// artifact folder, which a LiteDB file has beside it and a PostgreSQL database is given once. False by default.
    /// </summary>
    bool KeepsArtifacts => false;

    /// <summary>The run settings besides the data that the objective reads (the others are ignored).</summary>
    StudyInputs Inputs { get; }

    /// <summary>Every parameter the objective suggests, with its range.</summary>
    IReadOnlyDictionary<string, Distribution> SearchSpace { get; }

    /// <summary>
    /// Prepares a run without touching any study: checks the settings and loads or generates the data. The
    /// study-level attributes (baselines) and the <see cref="Declarations"/> are stored later through <see cref="PreparedStudy.StoreStudyAttributes"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A setting cannot be used, such as a CUDA device on a machine without one.</exception>
    /// <exception cref="IOException">The data cannot be read.</exception>
    /// <exception cref="FormatException">The data is malformed.</exception>
    PreparedStudy Prepare(StudyRunContext context);
}
