namespace MetaOpt;

/// <summary>The outcome of an <see cref="IImportanceEvaluator"/>: the parameters ranked by importance.</summary>
public sealed record ImportanceResult
{
    /// <summary>The method that produced the ranking, for display (e.g. "fANOVA on a random forest").</summary>
    public required string Method { get; init; }

    /// <summary>Importances, most important first; empty when there was too little data.</summary>
    public required IReadOnlyList<ParameterImportance> Importances { get; init; }

    /// <summary>How many trials the estimate is based on.</summary>
    public required int TrialsUsed { get; init; }

    /// <summary>Why the result is empty or uniform, or which parameters were left out; null when there is nothing to say.</summary>
    public string? Note { get; init; }

    /// <summary>The importance of a parameter, or 0 when it was not ranked.</summary>
    public double Of(string parameter) => Importances.FirstOrDefault(p => p.Parameter == parameter)?.Importance ?? 0;
}
