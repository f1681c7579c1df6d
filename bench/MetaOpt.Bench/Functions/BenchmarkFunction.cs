namespace MetaOpt.Bench.Functions;

/// <summary>A minimised benchmark objective with its search space and known optimum.</summary>
/// <param name="Name">The name used on the command line and in the peer's output.</param>
/// <param name="Space">The parameters, suggested in this order.</param>
/// <param name="Evaluate">The objective on the suggested values by name.</param>
/// <param name="Optimum">The global minimum f*; regret is best-so-far minus f*.</param>
internal sealed record BenchmarkFunction(
    string Name,
    IReadOnlyDictionary<string, Distribution> Space,
    Func<IReadOnlyDictionary<string, object>, double> Evaluate,
    double Optimum);
