namespace MetaOpt;

/// <summary>Estimates how much each hyperparameter matters to a study's objective.</summary>
/// <remarks>
/// The contract of Optuna's importance evaluators: given finished trials, return one non-negative share per
/// parameter, the shares summing to 1, best first. Implementations are deterministic for a fixed seed and never
/// throw on small or degenerate histories: they return an empty or uniform result with a <see cref="ImportanceResult.Note"/>.
/// </remarks>
public interface IImportanceEvaluator
{
    /// <summary>A short, human-readable name of the method, shown in reports (e.g. "fANOVA on a random forest").</summary>
    string Method { get; }

    /// <summary>Evaluates parameter importances from a study's trials.</summary>
    /// <param name="trials">Trials of one study in any state; implementations choose which states they use.</param>
    /// <param name="parameters">The parameters to rank; every parameter seen in the usable trials when null.</param>
    ImportanceResult Evaluate(IReadOnlyList<FrozenTrial> trials, IReadOnlyCollection<string>? parameters = null);
}
