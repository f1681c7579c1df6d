using MetaOpt.Samplers;

namespace MetaOpt.Tests;

public class RepeatTests
{
    private static readonly string DeadOwner = new ProcessIdentity(Environment.MachineName, int.MaxValue - 7, 1).ToString();

    private static Study NewStudy(IStorage? storage = null, int? maxTrials = null, bool retry = false) => Study.Create("s", new StudyOptions
    {
        Storage = storage, Seed = 7, Sampler = new RandomSampler(seed: 1), MaxTrials = maxTrials, RetryFailedTrials = retry,
    });

    private static FrozenTrial Evaluated(Study study, double value = 1)
    {
        var trial = study.Ask();
        trial.SuggestFloat("x", 0, 1);
        trial.SuggestCategorical("c", ["a", "b"]);
        return study.Tell(trial, value);
    }

    private static FrozenTrial Run(Study study, Trial trial)
    {
        trial.SuggestFloat("x", 0, 1);
        trial.SuggestCategorical("c", ["a", "b"]);
        return study.Tell(trial, 2);
    }

    [Fact]
    public void ARepeatHasTheSameParametersTheNextIndexAndTheSeedOfThatIndex()
    {
        var study = NewStudy();
        Evaluated(study);
        var first = Evaluated(study);

        var waiting = study.EnqueueRepeat(first);
        var repeat = Run(study, study.Ask());
        study.EnqueueRepeat(first);
        var second = Run(study, study.Ask());

        Assert.Equal(TrialState.Waiting, waiting.State);
        Assert.Equal(first.Params, repeat.Params);
        Assert.Equal([(1, 1), (1, 2)], new[] { repeat, second }.Select(t => (t.Configuration, t.Repeat)));
        Assert.Equal(SamplerRandom.TrialSeed(7, 1, 0), first.Seed);
        Assert.Equal(SamplerRandom.TrialSeed(7, 1, 1), repeat.Seed);
        Assert.Equal(SamplerRandom.TrialSeed(7, 1, 2), second.Seed);
        Assert.Equal((1, 0), (first.Configuration, first.Repeat));
    }

    [Fact]
    public void ARepeatOfARepeatLinksToTheConfigurationsFirstTrial()
    {
        var study = NewStudy();
        var first = Evaluated(study);
        study.EnqueueRepeat(first);
        var repeat = Run(study, study.Ask());

        study.EnqueueRepeat(repeat);
        var again = Run(study, study.Ask());

        Assert.Equal((0, 2), (again.Configuration, again.Repeat));
        Assert.Equal(0, Convert.ToInt32(again.SystemAttrs[Study.RepeatOfAttr]));
    }

    [Fact]
    public void RepeatsCountTowardTheTrialBudget()
    {
        var study = NewStudy(maxTrials: 3);
        var first = Evaluated(study);
        study.EnqueueRepeat(first);
        study.EnqueueRepeat(first);
        study.EnqueueRepeat(first);

        Run(study, study.Ask());
        Run(study, study.Ask());

        Assert.Throws<InvalidOperationException>(() => study.Ask());
        Assert.Equal(3, study.FinishedTrialCount);
    }

    [Fact]
    public void AWaitingRepeatSurvivesAReloadAndIsRunFirst()
    {
        var storage = new InMemoryStorage();
        var first = Evaluated(NewStudy(storage));
        NewStudyLoaded(storage).EnqueueRepeat(first);

        var resumed = NewStudyLoaded(storage);
        var repeat = Run(resumed, resumed.Ask());

        Assert.Equal((0, 1), (repeat.Configuration, repeat.Repeat));
        Assert.Equal(first.Params, repeat.Params);
        Assert.Equal(SamplerRandom.TrialSeed(7, 0, 1), repeat.Seed);
    }

    private static Study NewStudyLoaded(IStorage storage) => Study.Load("s", new StudyOptions { Storage = storage });

    [Fact]
    public void TheRetryOfAKilledRepeatKeepsItsIndexAndSeedAndTheNextRepeatTakesTheNextIndex()
    {
        var storage = new InMemoryStorage();
        var study = NewStudy(storage, retry: true);
        var first = Evaluated(study);
        study.EnqueueRepeat(first);
        // Killed before its objective suggested anything (while loading its data, say).
        var killed = study.Ask();
        storage.SetTrialSystemAttr(killed.Id, Study.OwnerAttr, DeadOwner);
        var resumed = Study.Load("s", study.Options);

        var retry = Run(resumed, resumed.Ask());
        resumed.EnqueueRepeat(first);
        var next = Run(resumed, resumed.Ask());

        Assert.Equal(TrialState.Failed, resumed.Trials[killed.Number].State);
        Assert.Equal((0, 1, killed.Seed), (retry.Configuration, retry.Repeat, retry.Seed!.Value));
        Assert.Equal(first.Params, retry.Params);
        Assert.Equal((0, 2), (next.Configuration, next.Repeat));
    }

    [Fact]
    public void ARepeatKilledBetweenStoringItsIndexAndItsSeedIsRetriedWithThatIndexAndItsSeed()
    {
        var storage = new InMemoryStorage();
        var study = NewStudy(storage, retry: true);
        var first = Evaluated(study);
        // What a worker killed between the two writes of a repeat's start leaves: its index, no seed.
        storage.CreateTrial("s", TrialState.Running, new Dictionary<string, object>
        {
            [Trial.FixedParamPrefix + "x"] = first.Params["x"], [Trial.FixedParamPrefix + "c"] = first.Params["c"],
            [Study.RepeatOfAttr] = 0, [Study.RepeatAttr] = 1, [Study.OwnerAttr] = DeadOwner,
        });
        var resumed = Study.Load("s", study.Options);

        var retry = Run(resumed, resumed.Ask());

        Assert.Equal((2, 0, 1), (retry.Number, retry.Configuration, retry.Repeat));
        Assert.Equal(SamplerRandom.TrialSeed(7, 0, 1), retry.Seed);
    }

    [Fact]
    public void TheRetryOfAKilledFirstEvaluationIsLinkedToItsConfigurationAsRepeatZero()
    {
        var storage = new InMemoryStorage();
        var study = NewStudy(storage, retry: true);
        var killed = study.Ask();
        killed.SuggestFloat("x", 0, 1);
        storage.SetTrialSystemAttr(killed.Id, Study.OwnerAttr, DeadOwner);
        var resumed = Study.Load("s", study.Options);

        var retry = resumed.Ask();

        Assert.Equal((0, 0, killed.Seed), (retry.Snapshot.Configuration, retry.Snapshot.Repeat, retry.Seed));
    }

    [Fact]
    public void RepeatsOfOneConfigurationStartedByTwoStudyObjectsAtOnceTakeDistinctIndices()
    {
        var storage = new InMemoryStorage();
        var first = Evaluated(NewStudy(storage));
        var workers = Enumerable.Range(0, 2).Select(_ => NewStudyLoaded(storage)).ToList();

        Parallel.ForEach(workers, worker =>
        {
            for (var i = 0; i < 10; i++)
            {
                worker.EnqueueRepeat(first);
                Run(worker, worker.Ask());
            }
        });

        var repeats = workers[0].Trials.Where(t => t.Number > 0).ToList();
        Assert.Equal(Enumerable.Range(1, 20), repeats.Select(t => t.Repeat).Order());
        Assert.Equal(20, repeats.Select(t => t.Seed).Distinct().Count());
        Assert.All(repeats, t => Assert.Equal(first.Params, t.Params));
    }

    [Fact]
    public void AGridSamplerCountsNoRepeatAsAGridPoint()
    {
        var grid = new GridSampler(new Dictionary<string, IReadOnlyList<object>> { ["x"] = [0.0, 1.0] });
        var study = Study.Create("grid", new StudyOptions { Sampler = grid });
        var first = study.Ask();
        first.SuggestFloat("x", 0, 1);
        var told = study.Tell(first, 1);

        study.EnqueueRepeat(told);
        var repeat = study.Ask();
        repeat.SuggestFloat("x", 0, 1);
        study.Tell(repeat, 1.5);

        Assert.False(grid.IsExhausted(study));
        var last = study.Ask();
        Assert.NotEqual(told.Params["x"], last.SuggestFloat("x", 0, 1));
        Assert.True(grid.IsExhausted(study));
    }

    [Fact]
    public void ATrialOfAnotherStudyOrWithoutParametersCannotBeRepeated()
    {
        var storage = new InMemoryStorage();
        var study = NewStudy(storage);
        var other = Study.Create("other", new StudyOptions { Storage = storage });
        var foreign = other.Tell(other.Ask(), 1);
        var bare = study.Tell(study.Ask(), 1);

        Assert.Contains("not a trial of study 's'", Assert.Throws<ArgumentException>(() => study.EnqueueRepeat(foreign)).Message);
        Assert.Contains("no parameters", Assert.Throws<ArgumentException>(() => study.EnqueueRepeat(bare)).Message);
        Assert.Single(study.Trials);
    }
}
