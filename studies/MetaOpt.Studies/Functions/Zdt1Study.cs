namespace MetaOpt.Studies.Functions;

/// <summary>ZDT1 (Zitzler, Deb and Thiele 2000) in 10-D: two objectives with a convex Pareto front, f2 = 1 - sqrt(f1) where g = 1.</summary>
public sealed class Zdt1Study : MultiObjectiveFunctionStudy
{
    private const int Dimensions = 10;

    /// <inheritdoc/>
    public override string FunctionName => "zdt1";

    /// <inheritdoc/>
    public override string Description => "ZDT1 in 10-D (floats in [0, 1]): minimise f1 = x0 and f2 = g (1 - sqrt(f1 / g)), g = 1 + 9 mean(x1..x9); convex front f2 = 1 - sqrt(f1).";

    /// <inheritdoc/>
    public override int Objectives => 2;

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, Distribution> SearchSpace { get; } = FunctionBox.Space(Dimensions, 0, 1);

    /// <inheritdoc/>
    public override IReadOnlyList<double> Evaluate(IReadOnlyDictionary<string, object> parameters)
    {
        var x = FunctionBox.Vector(parameters, Dimensions);
        var g = 1 + 9 * x.Skip(1).Average();
        return [x[0], g * (1 - Math.Sqrt(x[0] / g))];
    }
}
