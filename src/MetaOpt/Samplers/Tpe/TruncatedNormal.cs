using MathNet.Numerics;

namespace MetaOpt.Samplers.Tpe;

/// <summary>Log densities, log interval probabilities and draws of a normal distribution truncated to [low, high].</summary>
/// <remarks>
/// Tail probabilities go through erfc (and an asymptotic series beyond its range), never 1 - Φ, so a kernel far
/// from a candidate still gives a finite log density instead of log 0: the TPE score is a difference of logs.
/// </remarks>
internal static class TruncatedNormal
{
    private static readonly double LogSqrt2Pi = 0.5 * Math.Log(2 * Math.PI);

    // Φ(−9) ≈ 1.1e-19, far below the 5.6e-17 that 1 − x needs to differ from 1.
    private const double WholeMassZ = 9;

    /// <summary>log Φ(z), accurate far into the lower tail.</summary>
    public static double LogCdf(double z)
    {
        if (z > -30)
            return Math.Log(0.5 * SpecialFunctions.Erfc(-z / Math.Sqrt(2)));
        // Mills-ratio series: Φ(z) = φ(z)/|z| · (1 − 1/z² + 3/z⁴ − 15/z⁶ + …); the terms left out are below 1e-11 here.
        var r = 1 / (z * z);
        return -0.5 * z * z - LogSqrt2Pi - Math.Log(-z) + Math.Log(1 - r * (1 - 3 * r * (1 - 5 * r * (1 - 7 * r))));
    }

    /// <summary>log(Φ(upper) − Φ(lower)) for lower &lt; upper, without cancellation in either tail.</summary>
    public static double LogCdfDifference(double lower, double upper)
    {
        // Both tails beyond 9: Φ(upper) rounds to 1 and Φ(lower) to below half an ulp of 1, so the result is exactly
        // log 1. Most kernels of a long history lie this far inside the range, and the erfc calls were most of a fit.
        if (lower <= -WholeMassZ && upper >= WholeMassZ)
            return 0;
        if (lower > 0)
            (lower, upper) = (-upper, -lower); // the upper tail mirrored onto the lower, where Φ keeps its precision
        if (upper > 0)
            return Math.Log(Cdf(upper) - Cdf(lower));
        var logUpper = LogCdf(upper);
        return logUpper + Log1MinusExp(LogCdf(lower) - logUpper);
    }

    /// <summary>log(σ √(2π) · mass on [low, high]): what the truncated log density subtracts from −z²/2.</summary>
    public static double LogConstant(double sigma, double logMass) => Math.Log(sigma) + LogSqrt2Pi + logMass;

    /// <summary>log of the mass N(mu, sigma²) puts on [low, high]: the normaliser of the truncated distribution.</summary>
    public static double LogMass(double mu, double sigma, double low, double high) =>
        LogCdfDifference((low - mu) / sigma, (high - mu) / sigma);

    /// <summary>One draw of N(mu, sigma²) truncated to [low, high], by inverting the CDF on the lower-tail side.</summary>
    public static double Sample(Random random, double mu, double sigma, double low, double high)
    {
        if (low - mu > 0)
            return -Sample(random, -mu, sigma, -high, -low);
        var a = Cdf((low - mu) / sigma);
        var b = Cdf((high - mu) / sigma);
        var p = a + random.NextDouble() * (b - a);
        var z = -Math.Sqrt(2) * SpecialFunctions.ErfcInv(2 * p);
        return Math.Clamp(mu + sigma * z, low, high);
    }

    private static double Cdf(double z) => 0.5 * SpecialFunctions.Erfc(-z / Math.Sqrt(2));

    /// <summary>log(1 − eˣ) for x ≤ 0, keeping precision when x is close to 0 (two nearly equal tail masses).</summary>
    private static double Log1MinusExp(double x) =>
        x > -1e-5 ? Math.Log(-x * (1 + x / 2 + x * x / 6)) : Math.Log(1 - Math.Exp(x));
}
