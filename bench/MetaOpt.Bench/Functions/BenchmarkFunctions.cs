using MetaOpt.Studies.Functions;

namespace MetaOpt.Bench.Functions;

/// <summary>
/// The objectives of shared/bench/FUNCTIONS.md, taken from the launcher's <c>functions-*</c> study definitions so
/// that the benchmark and the studies run the same formulas, bounds and optima as the peer's functions.py.
/// </summary>
internal static class BenchmarkFunctions
{
    /// <summary>All five, by name, in the peer's order.</summary>
    public static IReadOnlyList<BenchmarkFunction> All { get; } =
        new BenchmarkFunctionStudy[] { new BraninStudy(), new Hartmann3Study(), new Rosenbrock4Study(), new Ackley5Study(), new MixedStudy() }
            .Select(study => new BenchmarkFunction(study.FunctionName, study.SearchSpace, study.Evaluate, study.Optimum))
            .ToList();

    /// <summary>The function of that name.</summary>
    /// <exception cref="ArgumentException">No function has that name.</exception>
    public static BenchmarkFunction Get(string name) =>
        All.FirstOrDefault(f => f.Name == name)
        ?? throw new ArgumentException($"Unknown function '{name}'; known: {string.Join(", ", All.Select(f => f.Name))}.");
}
