namespace MetaOpt.Recommender.Numerics;

/// <summary>Draws from distributions with a seeded <see cref="Random"/>, so runs never touch libtorch's global generator.</summary>
internal static class RandomExtensions
{
    /// <summary>A standard normal draw (Box–Muller).</summary>
    public static double NextGaussian(this Random random)
    {
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

}
