using MetaOpt.Samplers;
using MetaOpt.SearchSpace;

namespace MetaOpt;

/// <summary>Draws every parameter independently and uniformly (in log space for log parameters).</summary>
/// <remarks>
/// A trial's values depend on the seed, its number and the parameters' names only (see <see cref="SamplerRandom"/>):
/// reproducible for a given seed, and different for every trial of workers sharing a storage.
/// </remarks>
public sealed class RandomSampler : ISampler
{
    private readonly int _seed;

    /// <summary>Creates the sampler.</summary>
    /// <param name="seed">Seed of the random streams; a random seed when null.</param>
    public RandomSampler(int? seed = null) => _seed = SamplerRandom.Seed(seed);

    /// <inheritdoc/>
    public double SampleIndependent(Study study, FrozenTrial trial, string name, Distribution distribution) =>
        SearchSpaceTransform.SampleUniform(SamplerRandom.ForTrial(_seed, trial.Number, name), distribution);

    /// <inheritdoc/>
    /// <remarks>True: its draws do not depend on the values.</remarks>
    public bool SupportsMultiObjective => true;
}
