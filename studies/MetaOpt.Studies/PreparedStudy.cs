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
    MetaFeatures? MetaFeatures = null);
