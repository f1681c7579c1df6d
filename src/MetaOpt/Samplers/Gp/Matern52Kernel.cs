namespace MetaOpt.Samplers.Gp;

/// <summary>The Matérn-5/2 correlation as a function of the ARD-scaled squared distance.</summary>
/// <remarks>
/// r² = Σ_j λ_j δ_j², with λ_j the inverse squared length scale of coordinate j and δ_j the difference of the
/// coordinates (numeric) or 1[x_j ≠ x'_j] (categorical). k(r) = (1 + √5 r + 5r²/3)·exp(−√5 r): twice
/// differentiable, the usual choice for hyperparameter landscapes (smooth but not as rigid as the squared exponential).
/// </remarks>
internal static class Matern52Kernel
{
    private static readonly double Sqrt5 = Math.Sqrt(5);

    /// <summary>δ² for one coordinate: squared difference, or 0/1 for a categorical one.</summary>
    public static double SquaredDifference(double a, double b, bool categorical) =>
        categorical ? (a == b ? 0 : 1) : (a - b) * (a - b);

    /// <summary>r² between two points.</summary>
    public static double ScaledSquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double[] inverseSquaredLengthScales, bool[] categorical)
    {
        var r2 = 0.0;
        for (var j = 0; j < a.Length; j++)
            r2 += inverseSquaredLengthScales[j] * SquaredDifference(a[j], b[j], categorical[j]);
        return r2;
    }

    /// <summary>The correlation at scaled squared distance <paramref name="r2"/>.</summary>
    public static double Correlation(double r2)
    {
        var r = Math.Sqrt(r2);
        return (1 + Sqrt5 * r + 5.0 / 3.0 * r2) * Math.Exp(-Sqrt5 * r);
    }

    /// <summary>d k / d r², which is −(5/6)(1 + √5 r)·exp(−√5 r) and stays finite at r = 0.</summary>
    public static double DerivativeBySquaredDistance(double r2)
    {
        var r = Math.Sqrt(r2);
        return -5.0 / 6.0 * (1 + Sqrt5 * r) * Math.Exp(-Sqrt5 * r);
    }
}
