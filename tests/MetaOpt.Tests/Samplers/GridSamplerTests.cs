namespace MetaOpt.Tests.Samplers;

public class GridSamplerTests
{
    private static readonly Dictionary<string, IReadOnlyList<object>> Grid = new()
    {
        ["x"] = [-1.0, 0.0, 1.5],
        ["n"] = [2, 4],
        ["algo"] = ["maml", "reptile"],
    };

    private static Study NewStudy(GridSampler sampler, IStorage? storage = null) =>
        Study.CreateOrLoad("grid", new StudyOptions { Sampler = sampler, Storage = storage });

    private static double Objective(Trial t) =>
        t.SuggestFloat("x", -2, 2) + t.SuggestInt("n", 1, 8) + (t.SuggestCategorical("algo", new[] { "maml", "reptile" }) == "maml" ? 0 : 10);

    private static (double X, int N, string Algo) Point(FrozenTrial t) => ((double)t.Params["x"], (int)t.Params["n"], (string)t.Params["algo"]);

    [Fact]
    public void OptimizeVisitsEveryGridPointOnceThenStopsTheStudy()
    {
        var sampler = new GridSampler(Grid, seed: 1);
        var study = NewStudy(sampler);

        var reason = study.Optimize(Objective, trials: 100);

        Assert.Equal(12, sampler.GridSize);
        Assert.Equal(StopReason.Stopped, reason);
        Assert.Equal(12, study.Trials.Count);
        var points = study.Trials.Select(Point).ToHashSet();
        Assert.Equal(12, points.Count);
        Assert.All(points, p => Assert.Contains(p.X, new[] { -1.0, 0.0, 1.5 }));
        Assert.All(points, p => Assert.Contains(p.N, new[] { 2, 4 }));
    }

    [Fact]
    public void OptimizeWithParallelismNeverEvaluatesAPointTwice()
    {
        for (var repeat = 0; repeat < 5; repeat++)
        {
            var study = NewStudy(new GridSampler(Grid, seed: repeat));
            var reason = study.Optimize(t => { Thread.Sleep(1); return Objective(t); }, parallelism: 4);
            Assert.Equal(StopReason.Stopped, reason);
            Assert.Equal(12, study.Trials.Count);
            Assert.Equal(12, study.Trials.Select(Point).Distinct().Count());
        }
    }

    [Fact]
    public void OptimizeWithMoreWorkersThanPointsStartsOneTrialPerPoint()
    {
        // All workers decide to start a trial at once; only as many as there are points may do so.
        for (var repeat = 0; repeat < 20; repeat++)
        {
            var study = NewStudy(new GridSampler(new Dictionary<string, IReadOnlyList<object>> { ["x"] = [1.0, 2.0, 3.0] }, seed: repeat));
            Assert.Equal(StopReason.Stopped, study.Optimize(t => t.SuggestFloat("x", 0, 3), parallelism: 6));
            Assert.Equal([1.0, 2.0, 3.0], study.Trials.Select(t => (double)t.Params["x"]).Order());
        }
    }

    [Fact]
    public void OptimizeInSeveralCallsContinuesWithTheFreePoints()
    {
        var sampler = new GridSampler(Grid, seed: 3);
        var study = NewStudy(sampler);
        Assert.Equal(StopReason.TrialsDone, study.Optimize(Objective, trials: 5));
        Assert.False(sampler.IsExhausted(study));
        Assert.Equal(StopReason.Stopped, study.Optimize(Objective, trials: 50));
        Assert.True(sampler.IsExhausted(study));
        Assert.Equal(12, study.Trials.Select(Point).Distinct().Count());
        Assert.Equal(12, study.Trials.Count);
    }

    [Fact]
    public void OptimizeOnAResumedStudySkipsPointsTakenByTheEarlierSampler()
    {
        var storage = new InMemoryStorage();
        NewStudy(new GridSampler(Grid, seed: 3), storage).Optimize(Objective, trials: 7);
        var resumed = NewStudy(new GridSampler(Grid, seed: 99), storage);
        Assert.Equal(StopReason.Stopped, resumed.Optimize(Objective));
        Assert.Equal(12, resumed.Trials.Select(Point).Distinct().Count());
        Assert.Equal(12, resumed.Trials.Count);
    }

    [Fact]
    public void FailedTrialsUseUpTheirPoint()
    {
        var study = NewStudy(new GridSampler(Grid, seed: 2));
        study.Optimize(t => Objective(t) > 10 ? throw new InvalidOperationException("boom") : Objective(t));
        Assert.Equal(12, study.Trials.Count);
        Assert.Equal(6, study.GetTrials(TrialState.Failed).Count);
    }

    [Fact]
    public void SameSeedGivesTheSameOrderOtherSeedAnother()
    {
        (double, int, string)[] Order(int seed)
        {
            var study = NewStudy(new GridSampler(Grid, seed));
            study.Optimize(Objective);
            return study.Trials.Select(Point).ToArray();
        }
        Assert.Equal(Order(5), Order(5));
        Assert.NotEqual(Order(5), Order(6));
    }

    [Fact]
    public void AskOnAnExhaustedGridReevaluatesAGridPoint()
    {
        var study = NewStudy(new GridSampler(new Dictionary<string, IReadOnlyList<object>> { ["x"] = [1.0, 2.0] }, seed: 0));
        study.Optimize(t => t.SuggestFloat("x", 0, 3));
        var extra = study.Ask();
        Assert.Contains(extra.SuggestFloat("x", 0, 3), new[] { 1.0, 2.0 });
    }

    [Fact]
    public void ParameterOutsideTheGridIsASearchSpaceError()
    {
        var study = NewStudy(new GridSampler(Grid, seed: 0));
        var e = Assert.Throws<InvalidSearchSpaceException>(() => study.Optimize(t => t.SuggestFloat("y", 0, 1), trials: 1));
        Assert.Contains("'y' is not in the grid", e.Message);
    }

    [Fact]
    public void GridValueOutsideTheSuggestedRangeIsASearchSpaceError()
    {
        var study = NewStudy(new GridSampler(new Dictionary<string, IReadOnlyList<object>> { ["x"] = [0.5, 5.0] }, seed: 0));
        var e = Assert.Throws<InvalidSearchSpaceException>(() => study.Optimize(t => t.SuggestFloat("x", 0, 1)));
        Assert.Contains("Grid value 5", e.Message);
    }

    [Fact]
    public void BadGridsAreRejectedWithTheParameterName()
    {
        Assert.Throws<ArgumentException>(() => new GridSampler(new Dictionary<string, IReadOnlyList<object>>()));
        var empty = Assert.Throws<ArgumentException>(() => new GridSampler(new Dictionary<string, IReadOnlyList<object>> { ["lr"] = [] }));
        Assert.Contains("'lr'", empty.Message);
        var repeated = Assert.Throws<ArgumentException>(() => new GridSampler(new Dictionary<string, IReadOnlyList<object>> { ["lr"] = [0.1, 0.1] }));
        Assert.Contains("more than once", repeated.Message);
    }

    [Fact]
    public void EnqueuedTrialKeepsItsParametersAndTakesNoGridPoint()
    {
        var study = NewStudy(new GridSampler(Grid, seed: 4));
        study.EnqueueTrial(new Dictionary<string, object> { ["x"] = 0.25, ["n"] = 7, ["algo"] = "maml" });
        study.Optimize(Objective);
        Assert.Equal((0.25, 7, "maml"), Point(study.Trials[0]));
        Assert.Equal(13, study.Trials.Count);
        Assert.Equal(12, study.Trials.Skip(1).Select(Point).Distinct().Count());
    }
}
