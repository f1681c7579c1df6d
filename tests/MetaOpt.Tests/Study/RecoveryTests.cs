namespace MetaOpt.Tests;

public class RecoveryTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Ask_StoresTheOwnerInTheStepThatStartsTheTrial(bool enqueued)
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

    [Fact]
    public void Load_TrialOfADeadLocalProcess_IsFailedAndCanBeRetried()
    {
        var storage = new InMemoryStorage();
        var options = new StudyOptions { Storage = storage, Sampler = new RandomSampler(seed: 1), RetryFailedTrials = true };
        var first = Study.Create("s", options);
        var trial = first.Ask();
        var lr = trial.SuggestFloat("lr", 1e-4, 1e-1, log: true);
        // Pretend the worker was another process on this machine that has since exited.
        storage.SetTrialSystemAttr(trial.Id, Study.OwnerAttr, new ProcessIdentity(Environment.MachineName, int.MaxValue - 7, 1).ToString());

        var resumed = Study.Load("s", options);
        var dead = resumed.Trials[0];
        Assert.Equal(TrialState.Failed, dead.State);
        Assert.Contains("died", dead.FailReason);
        var retry = Assert.Single(resumed.GetTrials(TrialState.Waiting));
        Assert.Equal(0, retry.SystemAttrs[Study.RetryOfAttr]);

        resumed.Optimize(t => t.SuggestFloat("lr", 1e-4, 1e-1, log: true), nTrials: 1);
        Assert.Equal(lr, resumed.Trials[1].Value);
    }

    [Fact]
    public void Load_ConfigurationThatKeepsKillingItsProcess_IsRetriedAtMostMaxRetriesTimes()
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
        var trials = study.Trials;
        // The original and two retries died; the third restart's trial was a fresh sample, also killed here.
        Assert.Equal([0.5, 0.5, 0.5], trials.Take(3).Select(t => (double)t.Params["lr"]));
        Assert.All(trials.Take(3), t => Assert.Equal("crashes", t.UserAttrs["note"]));
        Assert.NotEqual(0.5, (double)trials[3].Params["lr"]);
        Assert.Equal(2, trials[2].SystemAttrs.TryGetValue(Study.RetryCountAttr, out var c) ? Convert.ToInt32(c) : -1);
    }

    [Fact]
    public void Options_GracePeriodNotLongerThanTheHeartbeat_IsRefusedBeforeCreating()
    {
        var storage = new InMemoryStorage();
        var options = new StudyOptions { Storage = storage, HeartbeatInterval = TimeSpan.FromSeconds(5), HeartbeatGracePeriod = TimeSpan.FromSeconds(5) };
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Study.CreateOrLoad("s", options));
        Assert.Contains("HeartbeatGracePeriod", error.Message);
        Assert.Empty(storage.GetAllStudies());
    }

    [Fact]
    public void Load_TrialOfThisProcess_IsLeftRunning()
    {
        var storage = new InMemoryStorage();
        var options = new StudyOptions { Storage = storage };
        Study.Create("s", options).Ask();
        var again = Study.Load("s", options);
        Assert.Single(again.GetTrials(TrialState.Running));
    }

    [Fact]
    public void Load_SilentTrialOfAnotherMachine_IsFailedAfterTheGracePeriod()
    {
        var storage = new InMemoryStorage();
        // A grace period long enough that a loaded machine still loads the study within it the first time.
        var options = new StudyOptions { Storage = storage, HeartbeatInterval = TimeSpan.FromMilliseconds(10), HeartbeatGracePeriod = TimeSpan.FromSeconds(1) };
        var trial = Study.Create("s", options).Ask();
        storage.SetTrialSystemAttr(trial.Id, Study.OwnerAttr, "elsewhere:42:1");
        Assert.Single(Study.Load("s", options).GetTrials(TrialState.Running));
        Thread.Sleep(options.HeartbeatGracePeriod + TimeSpan.FromMilliseconds(200));
        var failed = Assert.Single(Study.Load("s", options).GetTrials(TrialState.Failed));
        Assert.Contains("No heartbeat", failed.FailReason);
    }

    [Fact]
    public void Optimize_KeepsTheHeartbeatOfRunningTrialsFresh()
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
        }, nTrials: 1);
        Assert.True(lastBeat > started, $"heartbeat at start {started:O}, 30 s later {lastBeat:O}");
    }
}
