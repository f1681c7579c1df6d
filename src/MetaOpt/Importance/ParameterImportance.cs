namespace MetaOpt;

/// <summary>One parameter's share of the explained variation of the objective.</summary>
/// <param name="Parameter">The parameter's name.</param>
/// <param name="Importance">Its share, in [0, 1]; the shares of one <see cref="ImportanceResult"/> sum to 1.</param>
public sealed record ParameterImportance(string Parameter, double Importance);
