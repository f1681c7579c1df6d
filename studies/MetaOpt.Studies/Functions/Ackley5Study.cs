namespace MetaOpt.Studies.Functions;

/// <summary>Ackley in 5-D: many regular local minima around one global minimum at the origin.</summary>
public sealed class Ackley5Study : BenchmarkFunctionStudy
{
    /// <inheritdoc/>
    public override string FunctionName => "ackley5";

    /// <inheritdoc/>
    public override string Description => "Ackley function in 5-D (floats in [-32.768, 32.768], f* = 0).";

    /// <inheritdoc/>
    public override double Optimum => 0;

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, Distribution> SearchSpace { get; } = Box(5, -32.768, 32.768);

    /// <inheritdoc/>
    public override double Evaluate(IReadOnlyDictionary<string, object> parameters)
    {
        var x = Vector(parameters, 5);
        var meanSquare = x.Average(v => v * v);
        var meanCosine = x.Average(v => Math.Cos(2 * Math.PI * v));
        return -20 * Math.Exp(-0.2 * Math.Sqrt(meanSquare)) - Math.Exp(meanCosine) + 20 + Math.E;
    }
}
