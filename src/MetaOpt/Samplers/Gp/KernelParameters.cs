namespace MetaOpt.Samplers.Gp;

/// <summary>The GP's hyperparameters: ARD inverse squared length scales, signal variance and noise variance.</summary>
/// <remarks>Fitted in log space, where they are positive and the marginal likelihood is better conditioned.</remarks>
internal sealed record KernelParameters(double[] InverseSquaredLengthScales, double SignalVariance, double NoiseVariance)
{
    /// <summary>A neutral start: length scale 1 (the whole cube), unit signal, small noise.</summary>
    public static KernelParameters Default(int dimensions) => new(Enumerable.Repeat(1.0, dimensions).ToArray(), 1.0, 1e-2);

    public int Dimensions => InverseSquaredLengthScales.Length;

    /// <summary>[log λ_1 .. log λ_d, log signal, log noise].</summary>
    public double[] ToLog() =>
        [.. InverseSquaredLengthScales.Select(l => Math.Log(l)), Math.Log(SignalVariance), Math.Log(NoiseVariance)];

    public static KernelParameters FromLog(ReadOnlySpan<double> log)
    {
        var d = log.Length - 2;
        var lambda = new double[d];
        for (var j = 0; j < d; j++)
            lambda[j] = Math.Exp(log[j]);
        return new KernelParameters(lambda, Math.Exp(log[d]), Math.Exp(log[d + 1]));
    }

    /// <summary>Length scales, 1/√λ, in unit-cube coordinates.</summary>
    public double[] LengthScales => InverseSquaredLengthScales.Select(l => 1 / Math.Sqrt(l)).ToArray();
}
