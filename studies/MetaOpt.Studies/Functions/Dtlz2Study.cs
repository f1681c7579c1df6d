namespace MetaOpt.Studies.Functions;

/// <summary>DTLZ2 (Deb, Thiele, Laumanns and Zitzler 2002) with 3 objectives in 7-D: the Pareto front is the positive octant of the unit sphere.</summary>
public sealed class Dtlz2Study : MultiObjectiveFunctionStudy
{
    private const int Dimensions = 7;

    /// <inheritdoc/>
    public override string FunctionName => "dtlz2";

    /// <inheritdoc/>
    public override string Description => "DTLZ2 with 3 objectives in 7-D (floats in [0, 1]); the front is the unit sphere's positive octant, reached where x2..x6 = 0.5.";

    /// <inheritdoc/>
    public override int Objectives => 3;

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, Distribution> SearchSpace { get; } = FunctionBox.Space(Dimensions, 0, 1);

    /// <inheritdoc/>
    public override IReadOnlyList<double> Evaluate(IReadOnlyDictionary<string, object> parameters)
    {
        var x = FunctionBox.Vector(parameters, Dimensions);
        var radius = 1 + x.Skip(2).Sum(v => (v - 0.5) * (v - 0.5));
        double a = x[0] * Math.PI / 2, b = x[1] * Math.PI / 2;
        return [radius * Math.Cos(a) * Math.Cos(b), radius * Math.Cos(a) * Math.Sin(b), radius * Math.Sin(a)];
    }
}
