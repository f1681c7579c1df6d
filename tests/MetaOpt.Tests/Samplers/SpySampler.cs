namespace MetaOpt.Tests.Samplers;

/// <summary>An independent sampler (random, seed 1) that records which parameters of which trials it was asked for.</summary>
internal sealed class SpySampler : ISampler
{
    private readonly RandomSampler _random = new(1);

    public List<(int Number, string Name)> Asked { get; } = [];

    public double SampleIndependent(Study study, FrozenTrial trial, string name, Distribution distribution)
    {
        lock (Asked)
            Asked.Add((trial.Number, name));
        return _random.SampleIndependent(study, trial, name, distribution);
    }
}
