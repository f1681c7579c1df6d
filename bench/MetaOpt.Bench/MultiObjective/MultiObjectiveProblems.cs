using MetaOpt.Studies.Functions;

namespace MetaOpt.Bench.MultiObjective;

/// <summary>
/// The multi-objective benchmark problems, as bench/peers/optuna_mo_peer.py defines them: ZDT1-3 in 10-D and DTLZ2
/// with 3 objectives in 7-D, each with its reference point and the true front's hypervolume against it.
/// </summary>
internal static class MultiObjectiveProblems
{
    // BoTorch's reference points: ZDT (11, 11), so the first generations already count; DTLZ2 1.1 per objective.
    private static readonly double[] ZdtReference = [11, 11];
    private static readonly double[] DtlzReference = [1.1, 1.1, 1.1];

    public static IReadOnlyList<MultiObjectiveProblem> All { get; } =
    [
        new(new Zdt1Study(), ZdtReference, 11 * 11 - 1 + 2.0 / 3),
        new(new ZdtVariant(2), ZdtReference, 11 * 11 - 1 + 1.0 / 3),
        new(new ZdtVariant(3), ZdtReference, Zdt3FrontHypervolume()),
        new(new Dtlz2Study(), DtlzReference, Math.Pow(1.1, 3) - Math.PI / 6),
    ];

    public static MultiObjectiveProblem Get(string name) =>
        All.FirstOrDefault(p => p.Name == name)
        ?? throw new ArgumentException($"unknown problem '{name}': allowed are {string.Join(", ", All.Select(p => p.Name))}");

    // ZDT3's front is the non-dominated part of f2 = 1 - sqrt(f1) - f1 sin(10 pi f1) on [0, 1], taken on a fine grid.
    private static double Zdt3FrontHypervolume()
    {
        var front = new List<IReadOnlyList<double>>();
        var lowest = double.PositiveInfinity;
        for (var i = 0; i <= 200_000; i++)
        {
            var f1 = i / 200_000.0;
            var f2 = ZdtVariant.H(3, f1, 1);
            if (f2 > lowest)
                continue;
            lowest = f2;
            front.Add([f1, f2]);
        }
        return Pareto.Hypervolume(front, ZdtReference, [Direction.Minimize, Direction.Minimize]);
    }

    /// <summary>ZDT2 (concave front) and ZDT3 (disconnected front) in 10-D; ZDT1 is the built-in study.</summary>
    private sealed class ZdtVariant(int variant) : MultiObjectiveFunctionStudy
    {
        private const int Dimensions = 10;

        public override string FunctionName => "zdt" + variant;

        public override string Description => $"ZDT{variant} in 10-D";

        public override int Objectives => 2;

        public override IReadOnlyDictionary<string, Distribution> SearchSpace { get; } =
            Enumerable.Range(0, Dimensions).ToDictionary(i => $"x{i}", Distribution (_) => new FloatDistribution(0, 1));

        public override IReadOnlyList<double> Evaluate(IReadOnlyDictionary<string, object> parameters)
        {
            var x = Enumerable.Range(0, Dimensions).Select(i => (double)parameters[$"x{i}"]).ToArray();
            var g = 1 + 9 * x.Skip(1).Average();
            return [x[0], g * H(variant, x[0], g)];
        }

        public static double H(int variant, double f1, double g) => variant == 2
            ? 1 - (f1 / g) * (f1 / g)
            : 1 - Math.Sqrt(f1 / g) - f1 / g * Math.Sin(10 * Math.PI * f1);
    }
}

/// <summary>A problem of the benchmark: its study definition, reference point and the true front's hypervolume.</summary>
internal sealed record MultiObjectiveProblem(MultiObjectiveFunctionStudy Study, double[] Reference, double TrueHypervolume)
{
    public string Name => Study.FunctionName;
}
