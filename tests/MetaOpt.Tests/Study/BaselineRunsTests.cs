namespace MetaOpt.Tests;

public class BaselineRunsTests
{
    [Fact]
    public void RunsAreStoredOneAtATimeReadBackExactlyAndAveragedPerBaseline()
    {
        var study = Study.Create("s", new StudyOptions { Seed = 1 });

        BaselineRuns.Add(study, new BaselineRun(10, new Dictionary<string, double> { ["a"] = 1.0, ["b"] = 0.1 + 0.2 }));
        BaselineRuns.Add(study, new BaselineRun(11, new Dictionary<string, double> { ["a"] = 2.0 }));
        BaselineRuns.Add(study, new BaselineRun(12, new Dictionary<string, double> { ["a"] = 4.0 }));
        BaselineRuns.Add(study, new BaselineRun(12, new Dictionary<string, double> { ["a"] = 3.0 }));
        var runs = BaselineRuns.Read(study.UserAttrs);

        Assert.Equal([10, 11, 12], runs.Runs.Select(r => r.Seed));
        Assert.Equal(0.1 + 0.2, runs.Runs[0].Values["b"]);
        Assert.Equal((3, 2.0, 1.0), (runs.Estimate("a")!.Count, runs.Estimate("a")!.Mean, runs.Estimate("a")!.StandardDeviation!.Value));
        Assert.Equal(1, runs.Estimate("b")!.Count);
        Assert.Null(runs.Estimate("c"));
        Assert.True(runs.Has(11));
        Assert.False(runs.Has(13));
    }

    [Fact]
    public void AStudyWithoutRunsHasNoneAndMalformedRunsNameTheAttribute()
    {
        var study = Study.Create("s");
        Assert.Empty(BaselineRuns.Read(study.UserAttrs).Runs);

        study.SetUserAttr(BaselineRuns.AttributeKey, "{\"seed\": 1}");

        Assert.Contains(BaselineRuns.AttributeKey, Assert.Throws<InvalidDataException>(() => BaselineRuns.Read(study.UserAttrs)).Message);
    }

    [Fact]
    public void TheBaselinesSeedsAreTheRepeatSeedsOfAConfigurationNoTrialHas()
    {
        var study = Study.Create("s", new StudyOptions { Seed = 4 });

        Assert.Equal(MetaOpt.Samplers.SamplerRandom.TrialSeed(4, -1, 2), study.SeedOf(BaselineRuns.Configuration, 2));
        Assert.NotEqual(study.SeedOf(0, 0), study.SeedOf(BaselineRuns.Configuration, 0));
    }
}
