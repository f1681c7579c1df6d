namespace MetaOpt.Samplers;

/// <summary>The random streams of a seeded sampler: one per trial, derived from the sampler's seed and the trial's number.</summary>
/// <remarks>
/// <para>A trial's draws depend on nothing else (not on the process, nor on how many trials the sampler drew
/// before), so workers that share a storage and a seed draw differently because their trials have different numbers,
/// and a study run again with one worker draws the same again. The trial's independent draws are further told apart
/// by the parameter's name, so a parameter's value does not depend on the order in which the objective suggests the
/// others.</para>
/// <para>Each stream is SplitMix64 (Steele, Lea and Flood 2014), not <see cref="Random(int)"/>, whose first outputs
/// for many fresh seeds are poor independent draws (see <c>docs/samplers.md</c>).</para>
/// </remarks>
internal static class SamplerRandom
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    /// <summary>The seed a sampler derives its streams from: <paramref name="seed"/>, or a random one when it is null.</summary>
    public static int Seed(int? seed) => seed ?? Random.Shared.Next();

    /// <summary>The generator for trial <paramref name="trialNumber"/>'s draws of <paramref name="stream"/> (the names of the parameters it draws; empty for all).</summary>
    public static Random ForTrial(int seed, int trialNumber, string stream = "")
    {
        var state = Mix(unchecked(((ulong)(uint)seed << 32) | (uint)trialNumber));
        foreach (var c in stream)
            state = Mix(state ^ c);
        return new SplitMix(state);
    }

    /// <summary>
    /// The training seed of repeat <paramref name="repeat"/> of the configuration first evaluated by trial
    /// <paramref name="configuration"/> of a study seeded with <paramref name="studySeed"/>: a non-negative int, the
    /// same in every process, and unrelated to the sampler's streams (which mix the trial number alone).
    /// </summary>
    public static int TrialSeed(int studySeed, int configuration, int repeat)
    {
        var state = Mix(Mix(unchecked(((ulong)(uint)studySeed << 32) | (uint)configuration)) ^ ~(ulong)(uint)repeat);
        return (int)(Mix(state) >> 33);
    }

    private static ulong Mix(ulong z)
    {
        z = unchecked(z + Golden);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    /// <summary>SplitMix64 behind <see cref="Random"/>'s methods: each output is the finaliser of a counter stepped by the golden ratio.</summary>
    private sealed class SplitMix(ulong state) : Random
    {
        private ulong _counter = state;

        private ulong NextUInt64()
        {
            var z = _counter;
            _counter = unchecked(_counter + Golden);
            return Mix(z);
        }

        protected override double Sample() => NextDouble();

        public override double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

        public override float NextSingle() => (NextUInt64() >> 40) * (1f / (1U << 24));

        public override int Next() => (int)NextInt64(0, int.MaxValue);

        public override int Next(int maxValue) => (int)NextInt64(0, maxValue);

        public override int Next(int minValue, int maxValue) => (int)NextInt64(minValue, maxValue);

        public override long NextInt64() => NextInt64(0, long.MaxValue);

        public override long NextInt64(long maxValue) => NextInt64(0, maxValue);

        public override long NextInt64(long minValue, long maxValue)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
            var range = unchecked((ulong)(maxValue - minValue));
            if (range <= 1)
                return minValue;
            // Rejection of the last partial run of the range keeps every value equally likely.
            var limit = ulong.MaxValue - ulong.MaxValue % range;
            ulong draw;
            do
                draw = NextUInt64();
            while (draw >= limit);
            return unchecked(minValue + (long)(draw % range));
        }

        public override void NextBytes(byte[] buffer) => NextBytes(buffer.AsSpan());

        public override void NextBytes(Span<byte> buffer)
        {
            for (var i = 0; i < buffer.Length; i++)
                buffer[i] = (byte)(NextUInt64() >> 56);
        }
    }
}
