using MetaOpt.Samplers;
using MetaOpt.SearchSpace;

namespace MetaOpt;

/// <summary>Draws every parameter independently and uniformly (in log space for log parameters).</summary>
/// <remarks>Reproducible for a given seed when trials run one at a time.</remarks>
public sealed class RandomSampler : ISampler
{
    private readonly Random _random;
    private readonly object _lock = new();

    /// <summary>Creates the sampler.</summary>
    /// <param name="seed">Seed of the random stream; a random seed when null.</param>
    public RandomSampler(int? seed = null) => _random = SamplerRandom.Create(seed);

    /// <inheritdoc/>
    public double SampleIndependent(Study study, FrozenTrial trial, string name, Distribution distribution)
    {
        lock (_lock)
            return SearchSpaceTransform.SampleUniform(_random, distribution);
    }
}
