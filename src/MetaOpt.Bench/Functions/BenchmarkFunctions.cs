namespace MetaOpt.Bench.Functions;

/// <summary>
/// The objectives of /work/shared/bench/FUNCTIONS.md, with the same formulas, bounds and optima as the peer's
/// functions.py, so our table and Optuna's compare the same problems.
/// </summary>
internal static class BenchmarkFunctions
{
    private static readonly double[,] HartmannA = { { 3.0, 10, 30 }, { 0.1, 10, 35 }, { 3.0, 10, 30 }, { 0.1, 10, 35 } };
    private static readonly double[,] HartmannP =
    {
        { 0.3689, 0.1170, 0.2673 }, { 0.4699, 0.4387, 0.7470 }, { 0.1091, 0.8732, 0.5547 }, { 0.0381, 0.5743, 0.8828 },
    };
    private static readonly double[] HartmannAlpha = [1.0, 1.2, 3.0, 3.2];

    /// <summary>All five, by name, in the peer's order.</summary>
    public static IReadOnlyList<BenchmarkFunction> All { get; } =
    [
        new("branin", [new BenchmarkParameter.Float("x1", -5, 10), new BenchmarkParameter.Float("x2", 0, 15)], Branin, 0.397887357729739),
        new("hartmann3", Box(3, 0, 1), Hartmann3, -3.86278214782076),
        new("rosenbrock4", Box(4, -5, 10), Rosenbrock4, 0.0),
        new("ackley5", Box(5, -32.768, 32.768), Ackley5, 0.0),
        new("mixed",
        [
            new BenchmarkParameter.Float("lr", 1e-5, 1e-1, Log: true),
            new BenchmarkParameter.Int("batch", 16, 256, 16),
            new BenchmarkParameter.Int("steps", 1, 10),
            new BenchmarkParameter.Categorical("algo", ["a", "b", "c"]),
        ], Mixed, 0.0),
    ];

    /// <summary>The function of that name.</summary>
    /// <exception cref="ArgumentException">No function has that name.</exception>
    public static BenchmarkFunction Get(string name) =>
        All.FirstOrDefault(f => f.Name == name)
        ?? throw new ArgumentException($"Unknown function '{name}'; known: {string.Join(", ", All.Select(f => f.Name))}.");

    private static BenchmarkParameter[] Box(int dimensions, double low, double high) =>
        Enumerable.Range(0, dimensions).Select(i => (BenchmarkParameter)new BenchmarkParameter.Float($"x{i}", low, high)).ToArray();

    private static double[] Vector(IReadOnlyDictionary<string, object> p, int dimensions) =>
        Enumerable.Range(0, dimensions).Select(i => (double)p[$"x{i}"]).ToArray();

    private static double Branin(IReadOnlyDictionary<string, object> p)
    {
        double x1 = (double)p["x1"], x2 = (double)p["x2"];
        double a = 1, b = 5.1 / (4 * Math.PI * Math.PI), c = 5 / Math.PI, r = 6, s = 10, t = 1 / (8 * Math.PI);
        return a * Math.Pow(x2 - b * x1 * x1 + c * x1 - r, 2) + s * (1 - t) * Math.Cos(x1) + s;
    }

    private static double Hartmann3(IReadOnlyDictionary<string, object> p)
    {
        var x = Vector(p, 3);
        var sum = 0.0;
        for (var i = 0; i < 4; i++)
        {
            var inner = 0.0;
            for (var j = 0; j < 3; j++)
                inner += HartmannA[i, j] * Math.Pow(x[j] - HartmannP[i, j], 2);
            sum += HartmannAlpha[i] * Math.Exp(-inner);
        }
        return -sum;
    }

    private static double Rosenbrock4(IReadOnlyDictionary<string, object> p)
    {
        var x = Vector(p, 4);
        var sum = 0.0;
        for (var i = 0; i < 3; i++)
            sum += 100 * Math.Pow(x[i + 1] - x[i] * x[i], 2) + Math.Pow(1 - x[i], 2);
        return sum;
    }

    private static double Ackley5(IReadOnlyDictionary<string, object> p)
    {
        var x = Vector(p, 5);
        var s1 = x.Sum(v => v * v) / x.Length;
        var s2 = x.Sum(v => Math.Cos(2 * Math.PI * v)) / x.Length;
        return -20 * Math.Exp(-0.2 * Math.Sqrt(s1)) - Math.Exp(s2) + 20 + Math.E;
    }

    // An HPO-shaped landscape: log-scale rate, stepped batch size, small int, categorical.
    private static double Mixed(IReadOnlyDictionary<string, object> p)
    {
        var algo = (string)p["algo"];
        var shift = algo switch { "a" => 0.0, "b" => 0.3, _ => -0.4 };
        var penalty = algo switch { "a" => 0.3, "b" => 0.0, _ => 0.6 };
        return Math.Pow(Math.Log10((double)p["lr"]) + 3 + shift, 2)
               + 0.5 * Math.Pow(((int)p["batch"] - 96) / 64.0, 2)
               + 0.05 * Math.Pow((int)p["steps"] - 4, 2)
               + penalty;
    }
}
