using MathNet.Numerics;

namespace MetaOpt.Samplers.Gp;

/// <summary>Log expected improvement below an incumbent, computed without underflow far from it.</summary>
/// <remarks>
/// EI = σ·h(z) with z = (best − μ)/σ and h(z) = φ(z) + zΦ(z). Plain EI underflows to 0 a few σ away from the
/// incumbent, leaving the optimiser a flat landscape; log EI (Ament et al., 2023, "Unexpected Improvements to
/// Expected Improvement") stays informative: for z &lt; −1, h(z) = φ(z)·(1 − |z|·erfcx(−z/√2)·√(π/2)), whose
/// log is taken through log1mexp, and far out the asymptote log h ≈ −z²/2 − log√(2π) − 2 log|z|.
/// </remarks>
internal static class LogExpectedImprovement
{
    private static readonly double LogSqrt2Pi = 0.5 * Math.Log(2 * Math.PI);
    private static readonly double LogSqrtHalfPi = 0.5 * Math.Log(Math.PI / 2);

    /// <summary>log EI of a Gaussian N(μ, σ²) below <paramref name="best"/> (minimisation).</summary>
    public static double Value(double mean, double variance, double best)
    {
        var sigma = Math.Sqrt(variance);
        return Math.Log(sigma) + LogH((best - mean) / sigma);
    }

    /// <summary>log EI and its partial derivatives with respect to the mean and the variance.</summary>
    public static (double Value, double ByMean, double ByVariance) WithDerivatives(double mean, double variance, double best)
    {
        var sigma = Math.Sqrt(variance);
        var z = (best - mean) / sigma;
        var logH = LogH(z);
        // d log h / dz = Φ(z)/h(z), since h'(z) = Φ(z).
        var ratio = Math.Exp(LogPhiCdf(z) - logH);
        var byMean = -ratio / sigma;
        var bySigma = 1 / sigma - ratio * z / sigma;
        return (Math.Log(sigma) + logH, byMean, bySigma / (2 * sigma));
    }

    /// <summary>log h(z) = log(φ(z) + zΦ(z)).</summary>
    public static double LogH(double z)
    {
        if (z > -1)
            return Math.Log(Math.Exp(-0.5 * z * z - LogSqrt2Pi) + z * 0.5 * SpecialFunctions.Erfc(-z / Math.Sqrt(2)));
        if (z < -1e6)
            return -0.5 * z * z - LogSqrt2Pi - 2 * Math.Log(-z);
        var inner = Math.Log(Erfcx(-z / Math.Sqrt(2)) * -z) + LogSqrtHalfPi;
        return -0.5 * z * z - LogSqrt2Pi + Log1MinusExp(inner);
    }

    /// <summary>log Φ(z), accurate in the far lower tail.</summary>
    public static double LogPhiCdf(double z) =>
        z > -1 ? Math.Log(0.5 * SpecialFunctions.Erfc(-z / Math.Sqrt(2))) : Math.Log(0.5 * Erfcx(-z / Math.Sqrt(2))) - 0.5 * z * z;

    /// <summary>The scaled complementary error function exp(x²)·erfc(x) for x ≥ 0.</summary>
    public static double Erfcx(double x)
    {
        if (x < 25)
            return Math.Exp(x * x) * SpecialFunctions.Erfc(x);
        // Asymptotic series; at x ≥ 25 its truncation error is below 1e-10 relative.
        var inv2 = 1 / (x * x);
        return 1 / (x * Math.Sqrt(Math.PI)) * (1 - 0.5 * inv2 + 0.75 * inv2 * inv2 - 1.875 * inv2 * inv2 * inv2 + 6.5625 * inv2 * inv2 * inv2 * inv2);
    }

    /// <summary>log(1 − eˣ) for x &lt; 0, switching formulas at −ln 2 (Mächler, 2012).</summary>
    private static double Log1MinusExp(double x) =>
        x > -Math.Log(2) ? Math.Log(-SpecialFunctions.Expm1(x)) : Math.Log(1 - Math.Exp(x));
}
