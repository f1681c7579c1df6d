namespace MetaOpt.Tests.Transfer;

public class ZeroShotPortfolioTests
{
    private static readonly Dictionary<string, Distribution> Space = new() { ["x"] = new FloatDistribution(0, 1) };

    /// <summary>A study that evaluated exactly these x, with these values, and unless null meta-features with that many users.</summary>
    private static void AddStudy(IStorage storage, string name, double? users, params (double X, double Value)[] runs)
    {
        var study = Study.Create(name, new StudyOptions { Storage = storage, Sampler = new RandomSampler(1) });
        if (users is { } u)
            new MetaFeatures(new Dictionary<string, double> { ["users"] = u }).Store(study);
        foreach (var (x, _) in runs)
            study.EnqueueTrial(new Dictionary<string, object> { ["x"] = x });
        study.Optimize(t => runs.Single(r => r.X == t.SuggestFloat("x", 0, 1)).Value, trials: runs.Length);
    }

    /// <summary>Study a is best at 0.1 and worst at 0.9, study b the other way round.</summary>
    private static InMemoryStorage TwoOpposedStudies(double? usersA = null, double? usersB = null)
    {
        var storage = new InMemoryStorage();
        AddStudy(storage, "a", usersA, (0.1, 1), (0.2, 2), (0.3, 3), (0.9, 9));
        AddStudy(storage, "b", usersB, (0.9, 0), (0.8, 1), (0.7, 2), (0.1, 5));
        return storage;
    }

    [Fact]
    public void TheGreedyPortfolioCoversEachStudysBestFirstAndNamesWhereEachRanksBest()
    {
        var portfolio = ZeroShotPortfolio.Build(TwoOpposedStudies(), Space, features: null, count: 2);

        // 0.1 and 0.9 each reach the best of one study and the worst of the other: a tie the pool's order breaks;
        // then the other one brings the second study to its best.
        Assert.Equal([(0.1, "a", 0), (0.9, "b", 0)], portfolio.Select(e => ((double)e.Params["x"], e.SourceStudy, e.SourceTrial)));
        Assert.Equal(new Dictionary<string, double> { ["a"] = 0, ["b"] = 1 }, portfolio[0].QuantileByStudy);
        Assert.Equal(new Dictionary<string, double> { ["a"] = 1, ["b"] = 0 }, portfolio[1].QuantileByStudy);
        Assert.All(portfolio, e => Assert.Equal(0.5, e.ExpectedQuantile, 12));
    }

    [Fact]
    public void TheNearerStudyByMetaFeaturesDecidesTheFirstConfiguration()
    {
        var storage = TwoOpposedStudies(usersA: 100, usersB: 1000);
        var nearB = new MetaFeatures(new Dictionary<string, double> { ["users"] = 900 });
        var nearA = new MetaFeatures(new Dictionary<string, double> { ["users"] = 120 });

        Assert.Equal(0.9, ZeroShotPortfolio.Build(storage, Space, nearB, count: 1)[0].Params["x"]);
        Assert.Equal(0.1, ZeroShotPortfolio.Build(storage, Space, nearA, count: 1)[0].Params["x"]);
        // Nearest 1: only b is learned from, so its best comes first and its second best second.
        Assert.Equal([0.9, 0.8], ZeroShotPortfolio.Build(storage, Space, nearB, count: 2, WarmStart.AutoNearest(1)).Select(e => (double)e.Params["x"]));
    }

    [Fact]
    public void ConfigurationsOutsideTheNewSpaceAreNotCandidatesAndTooFewGiveNothing()
    {
        var storage = TwoOpposedStudies();
        var narrow = new Dictionary<string, Distribution> { ["x"] = new FloatDistribution(0, 0.5) };

        // b has one configuration left inside [0, 0.5]: too few to learn from; a has three.
        var portfolio = ZeroShotPortfolio.Build(storage, narrow, features: null, count: 5);

        Assert.Equal([0.1, 0.2, 0.3], portfolio.Select(e => (double)e.Params["x"]));
        Assert.All(portfolio, e => Assert.Equal("a", e.SourceStudy));
        Assert.Empty(ZeroShotPortfolio.Build(storage, new Dictionary<string, Distribution> { ["y"] = new FloatDistribution(0, 1) }, null, 5));
        Assert.All(ZeroShotPortfolio.Build(storage, Space, null, 5, excludeStudy: "b"), e => Assert.Equal("a", e.SourceStudy));
        Assert.Throws<ArgumentOutOfRangeException>(() => ZeroShotPortfolio.Build(storage, Space, null, count: 0));
    }
}
