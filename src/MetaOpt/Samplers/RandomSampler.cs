namespace MetaOpt;

/// <summary>Draws every parameter independently and uniformly (in log space for log parameters).</summary>
/// <remarks>Reproducible for a given seed when trials run one at a time.</remarks>
public sealed class RandomSampler : ISampler
{
    private readonly Random _random;
    private readonly object _lock = new();

    /// <summary>Creates the sampler.</summary>
    /// <param name="seed">Seed of the random stream; a random seed when null.</param>
    public RandomSampler(int? seed = null) => _random = seed is { } s ? new Random(s) : new Random();

    /// <inheritdoc/>
    public double SampleIndependent(Study study, FrozenTrial trial, string name, Distribution distribution)
    {
        lock (_lock)
            return SampleUniform(_random, distribution);
    }

    /// <summary>One uniform draw from a distribution, in its internal representation.</summary>
    internal static double SampleUniform(Random random, Distribution distribution) => distribution switch
    {
        FloatDistribution { Log: true } f => Math.Clamp(Math.Exp(Uniform(random, Math.Log(f.Low), Math.Log(f.High))), f.Low, f.High),
        FloatDistribution { Step: { } step } f => f.Snap(f.Low + random.NextInt64(0, (long)Math.Round((f.High - f.Low) / step) + 1) * step),
        FloatDistribution f => Uniform(random, f.Low, f.High),
        IntDistribution { Log: true } i => i.Snap(Math.Exp(Uniform(random, Math.Log(i.Low - 0.5), Math.Log(i.High + 0.5)))),
        IntDistribution i => i.Low + random.NextInt64(0, ((long)i.High - i.Low) / i.Step + 1) * i.Step,
        CategoricalDistribution c => random.Next(c.Choices.Count),
        _ => throw new NotSupportedException($"RandomSampler cannot sample {distribution.GetType().Name}."),
    };

    private static double Uniform(Random random, double low, double high) => low + random.NextDouble() * (high - low);
}
