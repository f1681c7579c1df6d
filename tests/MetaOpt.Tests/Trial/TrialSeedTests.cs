using MetaOpt.Samplers;

namespace MetaOpt.Tests;

public class TrialSeedTests
{
    private static readonly string DeadOwner = new ProcessIdentity(Environment.MachineName, int.MaxValue - 7, 1).ToString();

    [Theory]
    // Pinned, computed by hand from SplitMix64: a changed derivation would give stored studies other seeds than their trials trained with.
    [InlineData(0, 0, 0, 1019390893)]
    [InlineData(42, 3, 0, 335804329)]
    [InlineData(42, 3, 1, 1470620003)]
    public void TheTrainingSeedOfAConfigurationsRepeatIsAFixedFunctionOfTheStudySeed(int studySeed, int configuration, int repeat, int expected) =>
        Assert.Equal(expected, SamplerRandom.TrialSeed(studySeed, configuration, repeat));

    [Fact]
    public void SeedsOfManyConfigurationsAndRepeatsAreNonNegativeAndDistinct()
    {
        var seeds = (from studySeed in new[] { 0, 1 }
                     from configuration in Enumerable.Range(0, 500)
                     from repeat in Enumerable.Range(0, 4)
                     select SamplerRandom.TrialSeed(studySeed, configuration, repeat)).ToList();

        Assert.All(seeds, s => Assert.True(s >= 0));
        Assert.Equal(seeds.Count, seeds.Distinct().Count());
    }

    [Fact]
    public void AskedTrialsStoreTheSeedDerivedFromTheStudySeedAndTheirNumber()
    {
        var study = Study.Create("s", new StudyOptions { Seed = 42, Sampler = new RandomSampler(seed: 1) });

        var trials = Enumerable.Range(0, 4).Select(_ => study.Ask()).ToList();

        Assert.Equal(42, study.Seed);
        Assert.Equal(SamplerRandom.TrialSeed(42, 3, 0), trials[3].Seed);
        Assert.Equal(trials.Select(t => t.Seed), study.Trials.Select(t => t.Seed!.Value));
        Assert.Equal(4, trials.Select(t => t.Seed).Distinct().Count());
    }

    [Fact]
    public void AStudyCreatedWithASeedStoresItSoThatALoadWithoutOneDerivesTheSameTrialSeeds()
    {
        var storage = new InMemoryStorage();
        var first = Study.Create("s", new StudyOptions { Storage = storage, Seed = 9 });
        var asked = first.Ask();

        var loaded = Study.Load("s", new StudyOptions { Storage = storage });
        var next = loaded.Ask();

        Assert.Equal(9, loaded.Seed);
        Assert.Equal(9, Convert.ToInt32(loaded.UserAttrs[Study.SeedAttr]));
        Assert.Equal(SamplerRandom.TrialSeed(9, 0, 0), asked.Seed);
        Assert.Equal(SamplerRandom.TrialSeed(9, 1, 0), next.Seed);
    }

    [Fact]
    public void AStudyWithoutASeedHasSeedZeroAndAnotherStudySeedGivesOtherTrialSeeds()
    {
        var unseeded = Study.Create("a").Ask();
        var seeded = Study.Create("b", new StudyOptions { Seed = 1 }).Ask();

        Assert.Equal(SamplerRandom.TrialSeed(0, 0, 0), unseeded.Seed);
        Assert.NotEqual(unseeded.Seed, seeded.Seed);
    }

    [Fact]
    public void TheRetryOfATrialWhoseProcessDiedKeepsItsSeed()
    {
        var storage = new InMemoryStorage();
        var options = new StudyOptions { Storage = storage, Seed = 3, Sampler = new RandomSampler(seed: 1), RetryFailedTrials = true };
        var killed = Study.Create("s", options).Ask();
        killed.SuggestFloat("x", 0, 1);
        storage.SetTrialSystemAttr(killed.Id, Study.OwnerAttr, DeadOwner);

        var retry = Study.Load("s", options).Ask();

        Assert.Equal(1, retry.Number);
        Assert.Equal(0, Convert.ToInt32(Study.Load("s", options).Trials[1].SystemAttrs[Study.RetryOfAttr]));
        Assert.Equal(killed.Seed, retry.Seed);
        Assert.NotEqual(SamplerRandom.TrialSeed(3, 1, 0), retry.Seed);
    }

    [Fact]
    public void AnEnqueuedTrialGetsTheSeedOfItsOwnNumber()
    {
        var study = Study.Create("s", new StudyOptions { Seed = 5 });
        study.Ask();
        study.EnqueueTrial(new Dictionary<string, object> { ["x"] = 0.5 });

        var enqueued = study.Ask();

        Assert.Equal(0.5, enqueued.SuggestFloat("x", 0, 1));
        Assert.Equal(SamplerRandom.TrialSeed(5, 1, 0), enqueued.Seed);
    }
}
