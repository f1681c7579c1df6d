namespace MetaOpt.Studies.Functions;

/// <summary>Rosenbrock in 4-D: a long curved valley with its minimum at (1, 1, 1, 1).</summary>
public sealed class Rosenbrock4Study : BenchmarkFunctionStudy
{
    /// <inheritdoc/>
    public override string FunctionName => "rosenbrock4";

    /// <inheritdoc/>
    public override string Description => "Rosenbrock function in 4-D (floats in [-5, 10], f* = 0).";

    /// <inheritdoc/>
    public override double Optimum => 0;

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, Distribution> SearchSpace { get; } = Box(4, -5, 10);

    /// <inheritdoc/>
    public override double Evaluate(IReadOnlyDictionary<string, object> parameters)
    {
        var x = Vector(parameters, 4);
        var sum = 0.0;
        for (var i = 0; i < x.Length - 1; i++)
            sum += 100 * Math.Pow(x[i + 1] - x[i] * x[i], 2) + Math.Pow(1 - x[i], 2);
        return sum;
    }
}
