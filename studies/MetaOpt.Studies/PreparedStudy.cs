namespace MetaOpt.Studies;

/// <summary>
/// A study definition ready to run: its settings checked and its data loaded, before any study is stored, so that a
/// bad device or unreadable data leaves nothing behind.
/// </summary>
/// <param name="Objective">Evaluates one trial.</param>
/// <param name="StoreStudyAttributes">Stores what reports compare the trials with (baselines, a known optimum) in
/// the study, once it exists; does nothing when they are already stored. Honours the cancellation token.</param>
/// <param name="EvaluateBaselines">Evaluates the study's declared baselines trained with the given seed and returns
/// their values by key, for a confirmation to compare means with means (<see cref="BaselineRuns"/>); null for a study
/// whose baselines do not depend on a seed, or that has none.</param>
/// <param name="MetaFeatures">What the loaded data looks like (sizes, sparsity, scale), stored in the study so that
/// later studies on other data can tell how related it is (<see cref="WarmStart.Auto"/>, <see cref="ZeroShotPortfolio"/>);
/// null for a study without data.</param>
public sealed record PreparedStudy(
    Func<Trial, double> Objective,
    Action<Study, CancellationToken> StoreStudyAttributes,
    Func<int, CancellationToken, IReadOnlyDictionary<string, double>>? EvaluateBaselines = null,
    MetaFeatures? MetaFeatures = null)
{
    /// <summary>
    /// The objective of a study with several directions (<see cref="IStudyDefinition.Directions"/>): one value per
    /// objective, in their order. When set, trials run it and never <see cref="Objective"/>; null for a single-objective study.
    /// </summary>
    public Func<Trial, IReadOnlyList<double>>? Objectives { get; init; }

    /// <summary>
    /// The final ensemble stage a run may end with (<see cref="StudyPipeline.Ensemble"/>): combining the study's best
    /// kept models; null for a study that keeps no models to combine.
    /// </summary>
    public EnsembleStage? Ensemble { get; init; }

    /// <summary>A prepared study of several objectives, evaluated by <paramref name="objectives"/> (see <see cref="Objectives"/>).</summary>
    public static PreparedStudy MultiObjective(Func<Trial, IReadOnlyList<double>> objectives, Action<Study, CancellationToken> storeStudyAttributes)
    {
        ArgumentNullException.ThrowIfNull(objectives);
        return new PreparedStudy(
            _ => throw new InvalidOperationException("A multi-objective study's trials return several values: run PreparedStudy.Objectives."),
            storeStudyAttributes) { Objectives = objectives };
    }

    /// <summary>What a trial returns, as values: <see cref="Objectives"/>, or <see cref="Objective"/>'s one value.</summary>
    internal Func<Trial, IReadOnlyList<double>> Values => Objectives ?? (trial => [Objective(trial)]);
}

/// <summary>How a study combines its kept models after its search (<see cref="PreparedStudy.Ensemble"/>).</summary>
/// <param name="Rounds">Rounds of the greedy selection: the largest ensemble considered.</param>
/// <param name="Library">The numbers of the trials whose kept models form the library of the K best, best first.</param>
/// <param name="Build">Selects the ensemble from that library and compares it with the best single trial; throws
/// <see cref="ArgumentException"/> when the models cannot be combined and <see cref="InvalidDataException"/> when one cannot be read.</param>
public sealed record EnsembleStage(int Rounds, Func<Study, int, IReadOnlyList<int>> Library, Func<Study, int, CancellationToken, StudyEnsemble> Build);
