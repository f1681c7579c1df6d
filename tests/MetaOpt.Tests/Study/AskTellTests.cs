namespace MetaOpt.Tests;

public class AskTellTests
{
    private static Study NewStudy(Direction direction = Direction.Minimize, IStorage? storage = null) =>
        Study.Create("s", new StudyOptions { Direction = direction, Sampler = new RandomSampler(seed: 3), Storage = storage });

    [Fact]
    public void TellValueCompletesTheTrial()
    {
        var study = NewStudy();
        var trial = study.Ask();
        var x = trial.SuggestFloat("x", -1, 1);
        var frozen = study.Tell(trial, x * x);
        Assert.Equal(TrialState.Complete, frozen.State);
        Assert.Equal(x * x, frozen.Value);
        Assert.NotNull(frozen.DatetimeComplete);
        Assert.Equal(frozen, study.BestTrial);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void TellNonFiniteValueFailsTheTrialWithAReason(double value)
    {
        var study = NewStudy();
        var frozen = study.Tell(study.Ask(), value);
        Assert.Equal(TrialState.Failed, frozen.State);
        Assert.Null(frozen.Value);
        Assert.Contains("not a finite number", frozen.FailReason);
    }

    [Fact]
    public void TellPrunedKeepsTheLastReportedValue()
    {
        var study = NewStudy();
        var trial = study.Ask();
        trial.Report(0.9, 0);
        trial.Report(0.7, 3);
        trial.Report(0.8, 1);
        var frozen = study.Tell(trial, TrialState.Pruned);
        Assert.Equal(TrialState.Pruned, frozen.State);
        Assert.Equal(0.7, frozen.Value);
        Assert.Equal([0, 1, 3], frozen.IntermediateValues.Keys);
    }

    [Fact]
    public void TellPrunedAfterANonFiniteReportHasNoValue()
    {
        var study = NewStudy();
        var trial = study.Ask();
        trial.Report(0.9, 0);
        trial.Report(double.NaN, 1);
        Assert.Null(study.Tell(trial, TrialState.Pruned).Value);
    }

    [Fact]
    public void TellPrunedWithAValueIsRefused()
    {
        var study = NewStudy();
        var trial = study.Ask();
        Assert.Contains("last reported value", Assert.Throws<ArgumentException>(() => study.Tell(trial, TrialState.Pruned, 0.5)).Message);
        Assert.Equal(TrialState.Running, study.Trials[0].State);
    }

    [Fact]
    public void TellFinishedTrialIsRefused()
    {
        var study = NewStudy();
        var trial = study.Ask();
        study.Tell(trial, TrialState.Failed);
        Assert.Throws<InvalidOperationException>(() => study.Tell(trial, 1.0));
        Assert.Throws<InvalidOperationException>(() => trial.Report(1.0, 0));
    }

    [Fact]
    public void BestTrialFollowsTheDirection()
    {
        foreach (var (direction, expected) in new[] { (Direction.Minimize, 1.0), (Direction.Maximize, 5.0) })
        {
            var study = NewStudy(direction);
            foreach (var v in new[] { 3.0, 1.0, 5.0 })
                study.Tell(study.Ask(), v);
            study.Tell(study.Ask(), TrialState.Failed);
            Assert.Equal(expected, study.BestValue);
        }
    }

    [Fact]
    public void BestTrialWithoutCompletedTrialsSaysSo()
    {
        var study = NewStudy();
        study.Tell(study.Ask(), TrialState.Failed);
        Assert.Contains("no completed trial", Assert.Throws<InvalidOperationException>(() => study.BestTrial).Message);
    }

    [Fact]
    public void EnqueueTrialIsEvaluatedFirstWithItsParameters()
    {
        var study = NewStudy();
        study.EnqueueTrial(new Dictionary<string, object> { ["lr"] = 0.01, ["algo"] = "reptile" },
            new Dictionary<string, object> { ["source"] = "paper" });
        var trial = study.Ask();
        Assert.Equal(0.01, trial.SuggestFloat("lr", 1e-5, 1e-1, log: true));
        Assert.Equal("reptile", trial.SuggestCategorical("algo", new[] { "maml", "fomaml", "reptile" }));
        var batch = trial.SuggestInt("batch", 16, 256, step: 16); // not enqueued: sampled
        var frozen = study.Tell(trial, 1.0);
        Assert.Equal(0, frozen.Number);
        Assert.Equal("paper", frozen.UserAttrs["source"]);
        Assert.Equal(batch, frozen.Params["batch"]);
        Assert.Empty(study.GetTrials(TrialState.Waiting));
    }

    [Fact]
    public void EnqueueTrialValueOutsideTheRangeFailsNamingTheParameter()
    {
        var study = NewStudy();
        study.EnqueueTrial(new Dictionary<string, object> { ["lr"] = 5.0 });
        var trial = study.Ask();
        var e = Assert.Throws<ArgumentException>(() => trial.SuggestFloat("lr", 1e-5, 1e-1, log: true));
        Assert.Contains("'lr'", e.Message);
    }

    [Fact]
    public void ConditionalParametersDifferBetweenTrials()
    {
        var study = NewStudy();
        study.Optimize(t =>
        {
            var algo = t.SuggestCategorical("algo", new[] { "maml", "reptile" });
            return algo == "maml" ? t.SuggestInt("inner_steps", 1, 5) : t.SuggestFloat("epsilon", 0, 1);
        }, trials: 20);
        foreach (var t in study.Trials)
            Assert.Equal((string)t.Params["algo"] == "maml", t.Params.ContainsKey("inner_steps"));
    }

    [Fact]
    public void CreateOrLoadContinuesTheSameStudy()
    {
        var storage = new InMemoryStorage();
        var options = new StudyOptions { Storage = storage, Sampler = new RandomSampler(seed: 1) };
        Study.CreateOrLoad("s", options).Optimize(t => t.SuggestFloat("x", 0, 1), trials: 3);
        var again = Study.CreateOrLoad("s", options);
        again.Optimize(t => t.SuggestFloat("x", 0, 1), trials: 2);
        Assert.Equal([0, 1, 2, 3, 4], again.Trials.Select(t => t.Number));
    }

    [Fact]
    public void LoadUnknownStudyListsTheKnownOnes()
    {
        var storage = new InMemoryStorage();
        Study.Create("known", new StudyOptions { Storage = storage });
        var e = Assert.Throws<KeyNotFoundException>(() => Study.Load("unknown", new StudyOptions { Storage = storage }));
        Assert.Contains("'known'", e.Message);
    }

    [Fact]
    public void LoadWithAnotherDirectionIsRefused()
    {
        var storage = new InMemoryStorage();
        Study.Create("s", new StudyOptions { Storage = storage, Direction = Direction.Maximize });
        Assert.Equal(Direction.Maximize, Study.Load("s", new StudyOptions { Storage = storage }).Direction);
        var e = Assert.Throws<InvalidOperationException>(() =>
            Study.Load("s", new StudyOptions { Storage = storage, Direction = Direction.Minimize }));
        Assert.Contains("created to Maximize", e.Message);
    }
}
