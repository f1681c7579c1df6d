namespace MetaOpt.Tests.Samplers;

public class RandomSamplerTests
{
    private static Study Run(int seed, int trials, Func<Trial, double> objective, int parallelism = 1)
    {
        var study = Study.Create("random", new StudyOptions { Sampler = new RandomSampler(seed) });
        study.Optimize(objective, trials: trials, parallelism: parallelism);
        return study;
    }

    [Fact]
    public void SameSeedSameParametersOtherSeedOthers()
    {
        static object[][] Params(int seed) =>
            Run(seed, 20, SamplerSpace.Objective).Trials.Select(t => t.Params.Values.ToArray()).ToArray();
        Assert.Equal(Params(3), Params(3));
        Assert.NotEqual(Params(3), Params(4));
    }

    [Fact]
    public void EveryKindOfParameterStaysInItsSpace()
    {
        var study = Run(1, 300, SamplerSpace.Objective, parallelism: 2);
        Assert.All(study.Trials, SamplerSpace.AssertInSpace);
        // Every categorical choice and both ends of the stepped ranges show up.
        Assert.Equal(3, study.Trials.Select(t => t.Params["algo"]).Distinct().Count());
        Assert.Contains(study.Trials, t => (int)t.Params["batch"] == 16);
        Assert.Contains(study.Trials, t => (int)t.Params["batch"] == 256);
        Assert.Contains(study.Trials, t => (double)t.Params["dropout"] == 0.5);
    }

    [Fact]
    public void LogParametersAreUniformInLogSpace()
    {
        var study = Run(2, 2000, t => t.SuggestFloat("lr", 1e-6, 1, log: true));
        // Each decade holds a sixth of the draws; a linear draw would put 90% in the top decade.
        var decades = study.Trials.GroupBy(t => (int)Math.Floor(-Math.Log10((double)t.Params["lr"]))).ToDictionary(g => g.Key, g => g.Count());
        for (var d = 0; d < 6; d++)
            Assert.InRange(decades.GetValueOrDefault(d), 2000 / 6 - 60, 2000 / 6 + 60);
    }

    [Fact]
    public void IntegerEndsAreAsLikelyAsInnerValues()
    {
        var study = Run(5, 3000, t => t.SuggestInt("k", 1, 3));
        var counts = study.Trials.GroupBy(t => (int)t.Params["k"]).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(new[] { 1, 2, 3 }, k => Assert.InRange(counts[k], 1000 - 90, 1000 + 90));
    }
}
