namespace MetaOpt.Tests;

public class RecoveryTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AskStoresTheOwnerInTheStepThatStartsTheTrial(bool enqueued)
    {
        var (storage, log) = StorageCallLog.Wrap(new InMemoryStorage());
        var study = Study.Create("s", new StudyOptions { Storage = storage, Sampler = new RandomSampler(seed: 1) });
        if (enqueued)
            study.EnqueueTrial(new Dictionary<string, object> { ["x"] = 0.5 });
        log.Calls.Clear();

        study.Ask();

        // A process killed after a bare start would leave a Running trial without an owner, which a resumed run
        // cannot tell is abandoned until the heartbeat grace period runs out.
        var (_, arguments) = Assert.Single(log.Calls, c => c.Method is nameof(IStorage.StartTrial) or nameof(IStorage.CreateTrial) or nameof(IStorage.ClaimWaitingTrial));
        var attrs = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object>>(arguments["systemAttrs"]);
        Assert.Equal(ProcessIdentity.Current.ToString(), attrs[Study.OwnerAttr]);
        Assert.Equal(TrialState.Running, Assert.Single(study.Trials).State);
        Assert.DoesNotContain(log.Calls, c => c.Method == nameof(IStorage.SetTrialSystemAttr) && Equals(c.Arguments["key"], Study.OwnerAttr));
    }

    private static readonly string DeadOwner = new ProcessIdentity(Environment.MachineName, int.MaxValue - 7, 1).ToString();

    [Fact]
    public void LoadOfAStudyWithATrialOfADeadProcessWritesNothing()
    {
        var inner = new InMemoryStorage();
        var options = new StudyOptions { Storage = inner, RetryFailedTrials = true };
        var trial = Study.Create("s", options).Ask();
        inner.SetTrialSystemAttr(trial.Id, Study.OwnerAttr, DeadOwner);
        var (storage, log) = StorageCallLog.Wrap(inner);

        var loaded = Study.Load("s", options with { Storage = storage });
        _ = Study.CreateOrLoad("s", options with { Storage = storage }).Trials;

        // Reads (show, report...) load studies: they must leave a killed run's trial for the next run to recover.
        Assert.Equal(TrialState.Running, Assert.Single(loaded.Trials).State);
        Assert.DoesNotContain(log.Calls, c => c.Method is not (nameof(IStorage.FindStudy) or nameof(IStorage.GetAllTrials)
            or nameof(IStorage.GetAllStudies) or nameof(IStorage.GetTrial)));
    }

    [Fact]
    public void AskFailsTheTrialOfADeadLocalProcessAndEnqueuesItsRetryInOneStorageStep()
    {
        var inner = new InMemoryStorage();
        var options = new StudyOptions { Storage = inner, Sampler = new RandomSampler(seed: 1), RetryFailedTrials = true };
        var trial = Study.Create("s", options).Ask();
        var lr = trial.SuggestFloat("lr", 1e-4, 1e-1, log: true);
        inner.SetTrialSystemAttr(trial.Id, Study.OwnerAttr, DeadOwner);
        var (storage, log) = StorageCallLog.Wrap(inner);
        var resumed = Study.Load("s", options with { Storage = storage });

        var next = resumed.Ask();

        // A process killed between a separate fail and enqueue would lose the retry.
        var writes = log.Calls.Where(c => c.Method is nameof(IStorage.FinishTrial) or nameof(IStorage.FailTrialAndRetry) or nameof(IStorage.CreateTrial)).ToList();
        Assert.Equal([nameof(IStorage.FailTrialAndRetry)], writes.Select(c => c.Method));
        var dead = resumed.Trials[0];
        Assert.Equal(TrialState.Failed, dead.State);
        Assert.Contains("died", dead.FailReason);
        Assert.Equal(1, next.Number);
        Assert.Equal(0, resumed.Trials[1].SystemAttrs[Study.RetryOfAttr]);
        Assert.Equal(lr, next.SuggestFloat("lr", 1e-4, 1e-1, log: true));
    }

    [Fact]
    public void RecoverAbandonedTrialsReturnsEachFailedTrialWithItsRetryAndNoRetryOnceTheyAreUsedUp()
    {
        var storage = new InMemoryStorage();
        var options = new StudyOptions { Storage = storage, RetryFailedTrials = true, MaxRetries = 1 };
        var study = Study.Create("s", options);
        var first = study.Ask();
        storage.SetTrialSystemAttr(first.Id, Study.OwnerAttr, DeadOwner);

        var recovered = Assert.Single(study.RecoverAbandonedTrials());
        Assert.Equal((0, TrialState.Failed), (recovered.Trial.Number, recovered.Trial.State));
        Assert.Equal((1, TrialState.Waiting), (recovered.Retry!.Number, recovered.Retry.State));

        var retry = study.Ask();
        storage.SetTrialSystemAttr(retry.Id, Study.OwnerAttr, DeadOwner);
        var last = Assert.Single(study.RecoverAbandonedTrials());
        Assert.Equal(1, last.Trial.Number);
        Assert.Null(last.Retry);
        Assert.Empty(study.RecoverAbandonedTrials());
        // The first trial was superseded by its retry; the retry, out of retries, counts as finished.
        Assert.Equal(1, study.FinishedTrialCount);
    }

    [Fact]
    public void AskConfigurationThatKeepsKillingItsProcessIsRetriedAtMostMaxRetriesTimes()
    {
        var storage = new InMemoryStorage();
        var options = new StudyOptions { Storage = storage, RetryFailedTrials = true, MaxRetries = 2 };
        var study = Study.Create("s", options);
        var dead = new ProcessIdentity(Environment.MachineName, int.MaxValue - 7, 1).ToString();
        study.EnqueueTrial(new Dictionary<string, object> { ["lr"] = 0.5 }, new Dictionary<string, object> { ["note"] = "crashes" });
        for (var restart = 0; restart < 4; restart++)
        {
            var trial = study.Ask();
            trial.SuggestFloat("lr", 0, 1);
            storage.SetTrialSystemAttr(trial.Id, Study.OwnerAttr, dead);
            study = Study.Load("s", options);
        }
        study.RecoverAbandonedTrials();
        var trials = study.Trials;
        // The original and two retries died; the third restart's trial was a fresh sample, also killed here.
        Assert.Equal([0.5, 0.5, 0.5], trials.Take(3).Select(t => (double)t.Params["lr"]));
        Assert.All(trials.Take(3), t => Assert.Equal("crashes", t.UserAttrs["note"]));
        Assert.NotEqual(0.5, (double)trials[3].Params["lr"]);
        Assert.Equal(2, trials[2].SystemAttrs.TryGetValue(Study.RetryCountAttr, out var c) ? Convert.ToInt32(c) : -1);
    }

    [Fact]
    public void OptionsGracePeriodNotLongerThanTheHeartbeatIsRefusedBeforeCreating()
    {
        var storage = new InMemoryStorage();
        var options = new StudyOptions { Storage = storage, HeartbeatInterval = TimeSpan.FromSeconds(5), HeartbeatGracePeriod = TimeSpan.FromSeconds(5) };
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Study.CreateOrLoad("s", options));
        Assert.Contains("HeartbeatGracePeriod", error.Message);
        Assert.Empty(storage.GetAllStudies());
    }

    [Fact]
    public void RecoverTrialOfThisProcessIsLeftRunning()
    {
        var storage = new InMemoryStorage();
        var options = new StudyOptions { Storage = storage };
        Study.Create("s", options).Ask();
        var again = Study.Load("s", options);
        Assert.Empty(again.RecoverAbandonedTrials());
        Assert.Single(again.GetTrials(TrialState.Running));
    }

    [Fact]
    public void RecoverSilentTrialOfAnotherMachineIsFailedAfterTheGracePeriod()
    {
        var storage = new InMemoryStorage();
        // A grace period long enough that a loaded machine still loads the study within it the first time.
        var options = new StudyOptions { Storage = storage, HeartbeatInterval = TimeSpan.FromMilliseconds(10), HeartbeatGracePeriod = TimeSpan.FromSeconds(1) };
        var trial = Study.Create("s", options).Ask();
        storage.SetTrialSystemAttr(trial.Id, Study.OwnerAttr, "elsewhere:42:1");
        var study = Study.Load("s", options);
        Assert.Empty(study.RecoverAbandonedTrials());
        Thread.Sleep(options.HeartbeatGracePeriod + TimeSpan.FromMilliseconds(200));
        var failed = Assert.Single(study.RecoverAbandonedTrials()).Trial;
        Assert.Contains("No heartbeat", failed.FailReason);
    }

    [Fact]
    public void OptimizeKeepsTheHeartbeatOfRunningTrialsFresh()
    {
        var options = new StudyOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(20), Sampler = new RandomSampler() };
        var study = Study.Create("s", options);
        DateTime? started = null, lastBeat = null;
        study.Optimize(t =>
        {
            started = study.Storage.GetTrial(t.Id).Heartbeat;
            // Polls instead of sleeping a fixed time: on a loaded machine the timer's first tick can come late.
            var giveUp = DateTime.UtcNow.AddSeconds(30);
            do
            {
                Thread.Sleep(20);
                lastBeat = study.Storage.GetTrial(t.Id).Heartbeat;
            } while (lastBeat <= started && DateTime.UtcNow < giveUp);
            return 0;
        }, trials: 1);
        Assert.True(lastBeat > started, $"heartbeat at start {started:O}, 30 s later {lastBeat:O}");
    }
}
