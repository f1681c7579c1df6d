namespace MetaOpt.Tests;

/// <summary>
/// The storage calls one trial costs. On PostgreSQL each is at least one round trip, which 8 workers pay for every
/// trial: these pin the counts, so that a read the trial could answer from its own snapshot does not creep back.
/// </summary>
public class TrialStorageCallsTests
{
    // A heartbeat interval longer than any test, so the only look for abandoned trials is each study object's first.
    private static StudyOptions Options(IStorage storage) => new()
    {
        Storage = storage,
        Sampler = new TpeSampler(seed: 5),
        HeartbeatInterval = TimeSpan.FromHours(1),
        HeartbeatGracePeriod = TimeSpan.FromHours(2),
    };

    private static double TwoFloats(Trial trial)
    {
        var x = trial.SuggestFloat("x", -5, 5);
        var y = trial.SuggestFloat("y", 0, 15);
        return x * x + y;
    }

    private static Dictionary<string, int> Counts(StorageCallLog log) =>
        log.Calls.GroupBy(c => c.Method).ToDictionary(g => g.Key, g => g.Count());

    [Fact]
    public void OptimizeEachTrialOfATwoFloatTpeStudyStartsOnceReadsTheHistoryOnceAndWritesEachParameterAndItsEnd()
    {
        var (storage, log) = StorageCallLog.Wrap(new InMemoryStorage());
        var study = Study.Create("s", Options(storage));
        log.Calls.Clear();

        // 25 trials: the 10 random start-up trials and 15 of the model.
        study.Optimize(TwoFloats, trials: 25);
        var counts = Counts(log);

        Assert.Equal(25, study.GetTrials(TrialState.Complete).Count);
        Assert.Equal(new Dictionary<string, int>
        {
            // One look for abandoned trials, then per trial: TPE's one read of the history.
            [nameof(IStorage.GetAllTrials)] = 1 + 25,
            [nameof(IStorage.StartTrial)] = 25,
            // The trial's seed, derived from the number that the start gave it.
            [nameof(IStorage.SetTrialSystemAttr)] = 25,
            [nameof(IStorage.SetTrialParam)] = 2 * 25,
            [nameof(IStorage.FinishTrial)] = 25,
        }, counts);
    }

    [Fact]
    public void AskAndTellOfATwoFloatTpeTrialReadsNoTrialBack()
    {
        var (storage, log) = StorageCallLog.Wrap(new InMemoryStorage());
        var study = Study.Create("s", Options(storage));
        study.Tell(study.Ask(), 0); // the first ask's look for abandoned trials
        log.Calls.Clear();

        for (var i = 0; i < 12; i++)
        {
            var trial = study.Ask();
            var told = study.Tell(trial, TwoFloats(trial));
            Assert.Equal(TrialState.Complete, told.State);
            Assert.Equal(2, told.Params.Count);
        }

        Assert.Equal(new Dictionary<string, int>
        {
            [nameof(IStorage.GetAllTrials)] = 12,
            [nameof(IStorage.StartTrial)] = 12,
            // The trial's seed, derived from the number that the start gave it.
            [nameof(IStorage.SetTrialSystemAttr)] = 12,
            [nameof(IStorage.SetTrialParam)] = 2 * 12,
            [nameof(IStorage.FinishTrial)] = 12,
        }, Counts(log));
    }

    [Fact]
    public void AnExternalTrialAskedInOneProcessAndToldInAnotherReadsTheStudyOnceOnEachSide()
    {
        // What 'metaopt ask' and 'metaopt tell' do, each a process with its own study object.
        var inner = new InMemoryStorage();
        Study.Create("s", Options(inner));
        var (storage, log) = StorageCallLog.Wrap(inner);

        var asking = Study.Load("s", Options(storage));
        var asked = asking.AskExternal();
        var value = TwoFloats(asked);
        var asks = Counts(log);
        log.Calls.Clear();
        var telling = Study.Load("s", Options(storage));
        var told = telling.Tell(telling.ResumeTrial(asked.Number), value);
        var tells = Counts(log);

        Assert.Equal(TrialState.Complete, told.State);
        Assert.Equal(asked.Params, told.Params);
        Assert.Equal(new Dictionary<string, int>
        {
            [nameof(IStorage.FindStudy)] = 1,
            // The look for abandoned trials, and TPE's read of the history.
            [nameof(IStorage.GetAllTrials)] = 2,
            [nameof(IStorage.StartTrial)] = 1,
            // The trial's seed, derived from the number that the start gave it.
            [nameof(IStorage.SetTrialSystemAttr)] = 1,
            [nameof(IStorage.SetTrialParam)] = 2,
        }, asks);
        Assert.Equal(new Dictionary<string, int>
        {
            [nameof(IStorage.FindStudy)] = 1,
            [nameof(IStorage.GetAllTrials)] = 1, // ResumeTrial's
            [nameof(IStorage.FinishTrial)] = 1,
        }, tells);
    }

    [Fact]
    public void WhatASamplerStoresOnTheTrialBeforeItStartsReachesItsSuggestionsWithoutARead()
    {
        // The grid sampler keeps a trial's grid point this way.
        var (storage, log) = StorageCallLog.Wrap(new InMemoryStorage());
        var study = Study.Create("s", new StudyOptions { Storage = storage, Sampler = new NotingSampler() });

        var trial = study.Ask();

        Assert.Equal(0.25, trial.SuggestFloat("x", 0, 1));
        Assert.Equal(0.25, study.Tell(trial, 1).SystemAttrs[NotingSampler.Key]);
        Assert.DoesNotContain(log.Calls, c => c.Method == nameof(IStorage.GetTrial));
    }

    private sealed class NotingSampler : ISampler
    {
        public const string Key = "note";

        public void BeforeTrial(Study study, FrozenTrial trial) => study.SetTrialSystemAttr(trial.Id, Key, 0.25);

        public double SampleIndependent(Study study, FrozenTrial trial, string name, Distribution distribution) =>
            (double)trial.SystemAttrs[Key];
    }
}
