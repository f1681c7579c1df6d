namespace MetaOpt.Samplers;

/// <summary>The random stream of a seeded sampler.</summary>
/// <remarks>
/// <see cref="Random(int)"/> keeps .NET's legacy subtractive generator, whose streams for nearby seeds are
/// correlated (the first draws of seeds 0, 2, 4, … rise almost linearly). Benchmarks and users run seeds 0..n, so
/// the seed is first scrambled with the SplitMix64 finaliser, which sends neighbouring seeds to unrelated states.
/// </remarks>
internal static class SamplerRandom
{
    /// <summary>A generator for <paramref name="seed"/>, or a randomly seeded one when it is null.</summary>
    public static Random Create(int? seed) => seed is { } s ? new Random(Scramble(s)) : new Random();

    private static int Scramble(int seed)
    {
        var z = unchecked((ulong)seed + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (int)(z & int.MaxValue);
    }
}
