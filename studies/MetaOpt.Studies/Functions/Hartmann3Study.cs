namespace MetaOpt.Studies.Functions;

/// <summary>Hartmann 3-D: four local minima in the unit cube.</summary>
public sealed class Hartmann3Study : BenchmarkFunctionStudy
{
    private static readonly double[] Alpha = [1.0, 1.2, 3.0, 3.2];
    private static readonly double[,] A = { { 3.0, 10, 30 }, { 0.1, 10, 35 }, { 3.0, 10, 30 }, { 0.1, 10, 35 } };
    private static readonly double[,] P =
    {
        { 0.3689, 0.1170, 0.2673 }, { 0.4699, 0.4387, 0.7470 }, { 0.1091, 0.8732, 0.5547 }, { 0.0381, 0.5743, 0.8828 },
    };

    /// <inheritdoc/>
    public override string FunctionName => "hartmann3";

    /// <inheritdoc/>
    public override string Description => "Hartmann 3-D function (3 floats in [0, 1], f* = -3.862782).";

    /// <inheritdoc/>
    public override double Optimum => -3.86278214782076;

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, Distribution> SearchSpace { get; } = Box(3, 0, 1);

    /// <inheritdoc/>
    public override double Evaluate(IReadOnlyDictionary<string, object> parameters)
    {
        var x = Vector(parameters, 3);
        var sum = 0.0;
        for (var i = 0; i < Alpha.Length; i++)
        {
            var exponent = 0.0;
            for (var j = 0; j < x.Length; j++)
                exponent += A[i, j] * (x[j] - P[i, j]) * (x[j] - P[i, j]);
            sum += Alpha[i] * Math.Exp(-exponent);
        }
        return -sum;
    }
}
