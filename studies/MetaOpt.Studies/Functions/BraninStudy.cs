namespace MetaOpt.Studies.Functions;

/// <summary>Branin: three global minima on [-5, 10] x [0, 15].</summary>
public sealed class BraninStudy : BenchmarkFunctionStudy
{
    /// <inheritdoc/>
    public override string FunctionName => "branin";

    /// <inheritdoc/>
    public override string Description => "Branin function (2 floats, three global minima, f* = 0.397887).";

    /// <inheritdoc/>
    public override double Optimum => 0.397887357729739;

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, Distribution> SearchSpace { get; } = new Dictionary<string, Distribution>
    {
        ["x1"] = new FloatDistribution(-5, 10),
        ["x2"] = new FloatDistribution(0, 15),
    };

    /// <inheritdoc/>
    public override double Evaluate(IReadOnlyDictionary<string, object> parameters)
    {
        double x1 = (double)parameters["x1"], x2 = (double)parameters["x2"];
        const double b = 5.1 / (4 * Math.PI * Math.PI), c = 5 / Math.PI, r = 6, s = 10, t = 1 / (8 * Math.PI);
        var inner = x2 - b * x1 * x1 + c * x1 - r;
        return inner * inner + s * (1 - t) * Math.Cos(x1) + s;
    }
}
