using MetaOpt.TestSupport;

namespace MetaOpt.Storage.Testing;

/// <summary>
/// The <see cref="IStorage"/> contract, run once per implementation by a derived class that says how to open a
/// storage and how to reopen it (a persistent storage is closed and read back from its file; an in-memory one stays).
/// A test that needs a service the derived class cannot reach may skip from <see cref="Open"/> (Xunit.SkippableFact).
/// </summary>
public abstract class StorageContractTests : IDisposable
{
    private static readonly DateTime Epoch = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Opens the storage each test works on.</summary>
    protected StorageContractTests() => Storage = Open();

    /// <summary>The storage under test; a test replaces it with <see cref="Reopen"/>.</summary>
    protected IStorage Storage { get; private set; }

    /// <summary>A new, empty storage.</summary>
    protected abstract IStorage Open();

    /// <summary>The same storage as a new process would see it.</summary>
    protected abstract IStorage Reopen(IStorage storage);

    /// <summary>Closes the storage; a derived class that made files for it deletes them after calling this.</summary>
    public virtual void Dispose() => Storage.Dispose();

    [SkippableFact]
    public void StudiesAreFoundByNameAndListedInCreationOrder()
    {
        Storage.CreateStudy("b", Direction.Maximize);
        Storage.CreateStudy("a", Direction.Minimize);

        Assert.Equal(Direction.Maximize, Storage.FindStudy("b")!.Direction);
        Assert.Null(Storage.FindStudy("c"));
        Assert.Equal(["b", "a"], Storage.GetAllStudies().Select(s => s.Name));
        var duplicate = Assert.Throws<InvalidOperationException>(() => Storage.CreateStudy("a", Direction.Maximize));
        Assert.Contains("'a'", duplicate.Message);
    }

    [SkippableFact]
    public void RepeatsKeepTheirLinkAndSeedAcrossAReopenAndTakeTheNextIndexAfterIt()
    {
        var options = new StudyOptions { Storage = Storage, Seed = 5, Sampler = new RandomSampler(seed: 1) };
        var study = Study.Create("s", options);
        var trial = study.Ask();
        trial.SuggestFloat("x", 0, 1);
        var first = study.Tell(trial, 1);
        study.EnqueueRepeat(first);
        var repeat = study.Ask();
        repeat.SuggestFloat("x", 0, 1);
        study.Tell(repeat, 2);
        study.EnqueueRepeat(first);

        Storage = Reopen(Storage);
        var resumed = Study.Load("s", new StudyOptions { Storage = Storage });
        var next = resumed.Ask();
        next.SuggestFloat("x", 0, 1);
        resumed.Tell(next, 3);

        var trials = resumed.Trials;
        Assert.Equal([(0, 0), (0, 1), (0, 2)], trials.Select(t => (t.Configuration, t.Repeat)));
        Assert.Equal(3, trials.Select(t => t.Seed).Distinct().Count());
        Assert.Equal(repeat.Seed, trials[1].Seed);
        Assert.All(trials, t => Assert.Equal(first.Params["x"], t.Params["x"]));
    }

    [SkippableFact]
    public void TrialsAreNumberedPerStudyAndIdentifiedAcrossTheStorage()
    {
        Storage.CreateStudy("a", Direction.Minimize);
        Storage.CreateStudy("b", Direction.Minimize);

        var trials = new[] { "a", "b", "a", "a", "b" }.Select(s => Storage.CreateTrial(s, TrialState.Running)).ToList();

        Assert.Equal([0, 0, 1, 2, 1], trials.Select(t => t.Number));
        Assert.Equal(5, trials.Select(t => t.Id).Distinct().Count());
        Assert.Equal([0, 1, 2], Storage.GetAllTrials("a").Select(t => t.Number));
        Assert.Throws<KeyNotFoundException>(() => Storage.CreateTrial("c", TrialState.Running));
        Assert.Throws<KeyNotFoundException>(() => Storage.GetTrial(trials.Max(t => t.Id) + 1));
        Assert.Throws<ArgumentException>(() => Storage.CreateTrial("a", TrialState.Complete));
    }

    [SkippableFact]
    public void WaitingTrialsAreClaimedOldestFirstAndStartWhenClaimed()
    {
        Storage.CreateStudy("s", Direction.Minimize);
        var first = Storage.CreateTrial("s", TrialState.Waiting, new Dictionary<string, object> { ["fixed_params:x"] = 1.5 });
        Storage.CreateTrial("s", TrialState.Running);
        var second = Storage.CreateTrial("s", TrialState.Waiting);
        Assert.Null(first.DatetimeStart);

        var claimed = Storage.ClaimWaitingTrial("s")!;

        Assert.Equal((first.Id, TrialState.Running), (claimed.Id, claimed.State));
        Assert.NotNull(claimed.DatetimeStart);
        Assert.Equal(1.5, claimed.SystemAttrs["fixed_params:x"]);
        Assert.Equal(second.Id, Storage.ClaimWaitingTrial("s")!.Id);
        Assert.Null(Storage.ClaimWaitingTrial("s"));
    }

    [SkippableFact]
    public void ClaimingAddsTheGivenSystemAttributesToTheEnqueuedOnesInTheSameStep()
    {
        Storage.CreateStudy("s", Direction.Minimize);
        var waiting = Storage.CreateTrial("s", TrialState.Waiting, new Dictionary<string, object> { ["fixed_params:x"] = 1.5 });

        Storage.ClaimWaitingTrial("s", new Dictionary<string, object> { ["owner"] = "host:1:2" });
        Storage = Reopen(Storage);

        var stored = Storage.GetTrial(waiting.Id);
        Assert.Equal(1.5, stored.SystemAttrs["fixed_params:x"]);
        Assert.Equal("host:1:2", stored.SystemAttrs["owner"]);
    }

    [SkippableFact]
    public void ConcurrentClaimsTakeEveryWaitingTrialExactlyOnce()
    {
        Storage.CreateStudy("s", Direction.Minimize);
        for (var i = 0; i < 60; i++)
            Storage.CreateTrial("s", TrialState.Waiting);
        var claimed = new System.Collections.Concurrent.ConcurrentBag<long>();

        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            while (Storage.ClaimWaitingTrial("s") is { } trial)
                claimed.Add(trial.Id);
        });

        Assert.Equal(60, claimed.Count);
        Assert.Equal(60, claimed.Distinct().Count());
        Assert.All(Storage.GetAllTrials("s"), t => Assert.Equal(TrialState.Running, t.State));
    }

    [SkippableFact]
    public void ConcurrentCreatesGiveEachTrialItsOwnNumber()
    {
        Storage.CreateStudy("s", Direction.Minimize);

        var created = new System.Collections.Concurrent.ConcurrentBag<FrozenTrial>();
        Parallel.For(0, 60, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ => created.Add(Storage.CreateTrial("s", TrialState.Running)));

        Assert.Equal(Enumerable.Range(0, 60), created.Select(t => t.Number).Order());
        Assert.Equal(60, created.Select(t => t.Id).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 60), Storage.GetAllTrials("s").Select(t => t.Number));
    }

    [SkippableFact]
    public void StartingATrialClaimsAWaitingOneFirstAndStopsAtTheBudget()
    {
        Storage.CreateStudy("s", Direction.Minimize);
        Storage.FinishTrial(Storage.CreateTrial("s", TrialState.Running).Id, TrialState.Failed, null, "boom");
        var waiting = Storage.CreateTrial("s", TrialState.Waiting);
        var owner = new Dictionary<string, object> { ["owner"] = "host:1:2" };

        var claimed = Storage.StartTrial("s", 3, owner)!;
        var created = Storage.StartTrial("s", 3, owner)!;
        Storage.CreateTrial("s", TrialState.Waiting);

        Assert.Equal((waiting.Id, TrialState.Running), (claimed.Id, claimed.State));
        Assert.Equal((2, TrialState.Running), (created.Number, created.State));
        Assert.Null(Storage.StartTrial("s", 3, owner));
        Assert.Equal(4, Storage.GetAllTrials("s").Count);
        Storage = Reopen(Storage);
        Assert.Equal("host:1:2", Storage.GetTrial(created.Id).SystemAttrs["owner"]);
        Assert.Equal(3, Storage.StartTrial("s", null)!.Number);
    }

    [SkippableFact]
    public void AFailedTrialThatIsRetriedDoesNotCountTowardTheBudgetAndItsRetryDoes()
    {
        Storage.CreateStudy("s", Direction.Minimize);
        var killed = Storage.StartTrial("s", 2)!;
        Storage.FailTrialAndRetry(killed.Id, "worker died", new Dictionary<string, object> { [Study.RetryOfAttr] = killed.Number }, null);

        var retry = Storage.StartTrial("s", 2)!;
        var fresh = Storage.StartTrial("s", 2)!;

        Assert.Equal((1, 2), (retry.Number, fresh.Number));
        Assert.Null(Storage.StartTrial("s", 2));
        Storage = Reopen(Storage);
        Assert.Null(Storage.StartTrial("s", 2));
        Assert.Equal(2, TrialBudget.Used(Storage.GetAllTrials("s")));
    }

    [SkippableFact]
    public void ConcurrentStartsNeverPassTheBudget()
    {
        Storage.CreateStudy("s", Direction.Minimize);
        var started = new System.Collections.Concurrent.ConcurrentBag<FrozenTrial>();

        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            while (Storage.StartTrial("s", 30) is { } trial)
            {
                started.Add(trial);
                if (trial.Number % 2 == 0)
                    Storage.FinishTrial(trial.Id, TrialState.Complete, 1, null);
            }
        });

        Assert.Equal(Enumerable.Range(0, 30), started.Select(t => t.Number).Order());
        Assert.Equal(30, Storage.GetAllTrials("s").Count);
    }

    [SkippableFact]
    public void OptimizeWithFourWorkersRunsExactlyTheRequestedTrials()
    {
        const int trials = 40;
        var study = Study.Create("parallel", new StudyOptions { Storage = Storage, Sampler = new RandomSampler(seed: 1) });
        var seen = new System.Collections.Concurrent.ConcurrentBag<int>();

        study.Optimize(t =>
        {
            var x = t.SuggestFloat("x", -5, 5);
            t.Report(x * x, 0);
            return x * x;
        }, trials: trials, parallelism: 4, callbacks: [(_, t) => seen.Add(t.Number)]);

        var stored = Storage.GetAllTrials("parallel");
        Assert.Equal(Enumerable.Range(0, trials), stored.Select(t => t.Number));
        Assert.All(stored, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.All(stored, t => Assert.Equal(Math.Pow((double)t.Params["x"], 2), t.Value));
        Assert.Equal(Enumerable.Range(0, trials), seen.Order());
    }

    [SkippableFact]
    public void AReportForAStepAlreadyReportedKeepsTheFirstValue()
    {
        Storage.CreateStudy("s", Direction.Minimize);
        var trial = Storage.CreateTrial("s", TrialState.Running);

        Storage.SetTrialIntermediateValue(trial.Id, 2, 0.5);
        Storage.SetTrialIntermediateValue(trial.Id, 0, 0.9);
        // A second writer (another process, for an external trial) that did not see the first report.
        Storage.SetTrialIntermediateValue(trial.Id, 2, 0.4);

        var stored = Storage.GetTrial(trial.Id).IntermediateValues;
        Assert.Equal([(0, 0.9), (2, 0.5)], stored.Select(kv => (kv.Key, kv.Value)));
    }

    [SkippableFact]
    public void FailingATrialWithARetryFailsItAndEnqueuesTheRetryTogether()
    {
        Storage.CreateStudy("s", Direction.Minimize);
        var running = Storage.CreateTrial("s", TrialState.Running);
        Storage.SetTrialParam(running.Id, "x", 0.5, new FloatDistribution(0, 1));
        var retryAttrs = new Dictionary<string, object> { ["fixed_params:x"] = 0.5, ["retry_of"] = 0 };

        var retry = Storage.FailTrialAndRetry(running.Id, "worker died", retryAttrs, new Dictionary<string, object> { ["note"] = "again" });

        Assert.NotNull(retry);
        Storage = Reopen(Storage);
        var trials = Storage.GetAllTrials("s");
        Assert.Equal([TrialState.Failed, TrialState.Waiting], trials.Select(t => t.State));
        Assert.Equal("worker died", trials[0].FailReason);
        Assert.NotNull(trials[0].DatetimeComplete);
        Assert.Equal((retry.Id, 1), (trials[1].Id, trials[1].Number));
        Assert.Equal(0.5, trials[1].SystemAttrs["fixed_params:x"]);
        Assert.Equal("again", trials[1].UserAttrs["note"]);
        var claimed = Storage.ClaimWaitingTrial("s");
        Assert.Equal(retry.Id, claimed!.Id);
    }

    [SkippableFact]
    public void FailingAnAlreadyFinishedTrialWithARetryChangesNothing()
    {
        Storage.CreateStudy("s", Direction.Minimize);
        var trial = Storage.CreateTrial("s", TrialState.Running);
        Storage.FinishTrial(trial.Id, TrialState.Complete, 1.0, null);

        Assert.Null(Storage.FailTrialAndRetry(trial.Id, "late", new Dictionary<string, object>(), null));

        var stored = Assert.Single(Storage.GetAllTrials("s"));
        Assert.Equal((TrialState.Complete, 1.0), (stored.State, stored.Value));
        Assert.Throws<KeyNotFoundException>(() => Storage.FailTrialAndRetry(trial.Id + 1, "no such trial", new Dictionary<string, object>(), null));
    }

    [SkippableFact]
    public void FinishTrialReturnsTheTrialAsStored()
    {
        // Study.Tell returns it without reading the trial back.
        Storage.CreateStudy("s", Direction.Minimize);
        var id = Storage.CreateTrial("s", TrialState.Running, new Dictionary<string, object> { ["owner"] = "h:1:2" }).Id;
        Storage.SetTrialParam(id, "x", 0.25, new FloatDistribution(0, 1));
        Storage.SetTrialParam(id, "n", 3, new IntDistribution(1, 5));
        Storage.SetTrialIntermediateValue(id, 2, 0.5);
        Storage.SetTrialUserAttr(id, "k", 7L);

        var told = Assert.IsType<FrozenTrial>(Storage.FinishTrial(id, TrialState.Pruned, 0.5, null));

        AssertSameTrial(Storage.GetTrial(id), told);
    }

    [SkippableFact]
    public void AFinishedTrialNeverChangesAgain()
    {
        Storage.CreateStudy("s", Direction.Minimize);
        var id = Storage.CreateTrial("s", TrialState.Running).Id;
        Assert.NotNull(Storage.FinishTrial(id, TrialState.Complete, 1.0, null));
        var finished = Storage.GetTrial(id);

        Assert.Null(Storage.FinishTrial(id, TrialState.Failed, null, "late"));
        Assert.Throws<InvalidOperationException>(() => Storage.SetTrialParam(id, "x", 0.5, new FloatDistribution(0, 1)));
        Assert.Throws<InvalidOperationException>(() => Storage.SetTrialIntermediateValue(id, 0, 1));
        Assert.Throws<InvalidOperationException>(() => Storage.SetTrialUserAttr(id, "k", 1));
        Assert.Throws<InvalidOperationException>(() => Storage.SetTrialSystemAttr(id, "k", 1));
        Assert.Throws<InvalidOperationException>(() => Storage.RecordHeartbeat(id));
        Assert.Throws<ArgumentException>(() => Storage.FinishTrial(id, TrialState.Running, null, null));
        AssertSameTrial(finished, Storage.GetTrial(id));
    }

    [SkippableFact]
    public void ReturnedTrialsAreSnapshotsThatLaterWritesLeaveAlone()
    {
        Storage.CreateStudy("s", Direction.Minimize);
        var id = Storage.CreateTrial("s", TrialState.Running).Id;
        var before = Storage.GetTrial(id);
        var listed = Storage.GetAllTrials("s");

        Storage.SetTrialParam(id, "x", 0.25, new FloatDistribution(0, 1));
        Storage.SetTrialUserAttr(id, "k", "v");
        Storage.FinishTrial(id, TrialState.Complete, 3, null);

        Assert.Equal(TrialState.Running, before.State);
        Assert.Empty(before.Params);
        Assert.Empty(before.UserAttrs);
        Assert.Equal(TrialState.Running, listed[0].State);
    }

    [SkippableFact]
    public void TrialsCanBeListedByState()
    {
        Storage.CreateStudy("s", Direction.Minimize);
        var states = new[] { TrialState.Complete, TrialState.Failed, TrialState.Pruned, TrialState.Complete };
        foreach (var state in states)
            Storage.FinishTrial(Storage.CreateTrial("s", TrialState.Running).Id, state, state == TrialState.Failed ? null : 1, null);
        Storage.CreateTrial("s", TrialState.Waiting);

        Assert.Equal([0, 3], Storage.GetAllTrials("s", [TrialState.Complete]).Select(t => t.Number));
        Assert.Equal([1, 2, 4], Storage.GetAllTrials("s", [TrialState.Failed, TrialState.Pruned, TrialState.Waiting]).Select(t => t.Number));
        Assert.Equal(5, Storage.GetAllTrials("s").Count);
    }

    [SkippableFact]
    public void DeletingAStudyRemovesItsTrialsAndNothingElse()
    {
        Storage.CreateStudy("gone", Direction.Minimize);
        Storage.CreateStudy("kept", Direction.Minimize);
        var goneTrial = Storage.CreateTrial("gone", TrialState.Running);
        var keptTrial = Storage.CreateTrial("kept", TrialState.Running);

        Storage.DeleteStudy("gone");
        Storage = Reopen(Storage);

        Assert.Null(Storage.FindStudy("gone"));
        Assert.Throws<KeyNotFoundException>(() => Storage.GetAllTrials("gone"));
        Assert.Throws<KeyNotFoundException>(() => Storage.GetTrial(goneTrial.Id));
        Assert.Equal(keptTrial.Id, Assert.Single(Storage.GetAllTrials("kept")).Id);
        Assert.Equal(["kept"], Storage.GetAllStudies().Select(s => s.Name));
    }

    [SkippableFact]
    public void AStudySDeclarationsSurviveAReopen()
    {
        var declarations = new StudyDeclarations
        {
            Metrics = [new("accuracy", "hold-out accuracy", Direction.Maximize), new("loss", "log loss", Direction.Minimize)],
            Baselines = [new("majority", "majority class", "hold-out", "accuracy"), new("prior", "class prior, \"naive\"", "objective")],
            StrategyParameters = ["model", "optimizer"],
        };
        Storage.CreateStudy("declared", Direction.Maximize);
        declarations.Store(Study.Load("declared", new StudyOptions { Storage = Storage }));

        Storage = Reopen(Storage);

        var read = StudyDeclarations.Read(Storage.FindStudy("declared")!.UserAttrs);
        Assert.Equal(declarations.Metrics, read.Metrics);
        Assert.Equal(declarations.Baselines, read.Baselines);
        Assert.Equal(declarations.StrategyParameters, read.StrategyParameters);
    }

    [SkippableFact]
    public void EveryFieldOfStudiesAndTrialsSurvivesAReopen()
    {
        var created = Storage.CreateStudy("full", Direction.Maximize);
        Storage.SetStudyUserAttr("full", "text", "MovieLens 100K");
        Storage.SetStudyUserAttr("full", "flag", true);
        Storage.SetStudyUserAttr("full", "int", 7);
        Storage.SetStudyUserAttr("full", "long", 1L << 40);
        Storage.SetStudyUserAttr("full", "double", 0.1);

        var complete = Storage.CreateTrial("full", TrialState.Running, new Dictionary<string, object> { ["owner"] = "host:1:2" }).Id;
        var parameters = new (string Name, Distribution Distribution, double Internal)[]
        {
            ("lr", new FloatDistribution(1e-5, 1e-1, log: true), 3.1622776601683794e-4),
            ("dropout", new FloatDistribution(0, 0.5, step: 0.05), 0.15000000000000002),
            ("momentum", new FloatDistribution(-1, 1), -0.123456789012345),
            ("batch", new IntDistribution(16, 256, step: 16), 48),
            ("units", new IntDistribution(1, 1024, log: true), 300),
            ("layers", new IntDistribution(-3, 3), -2),
            ("algo", new CategoricalDistribution(["maml", "fomaml", "reptile"]), 2),
            ("mixed", new CategoricalDistribution(["a", 2, 2.5, true, 1L << 40]), 1),
            ("truth", new CategoricalDistribution([false, true]), 0),
        };
        foreach (var (name, distribution, internalValue) in parameters)
            Storage.SetTrialParam(complete, name, internalValue, distribution);
        Storage.SetTrialIntermediateValue(complete, 0, 0.5);
        Storage.SetTrialIntermediateValue(complete, 10, -1e-300);
        Storage.SetTrialIntermediateValue(complete, 3, double.MaxValue);
        Storage.SetTrialUserAttr(complete, "note", "ok");
        Storage.SetTrialUserAttr(complete, "converged", false);
        Storage.SetTrialUserAttr(complete, "epochs", 12);
        Storage.SetTrialUserAttr(complete, "seed", long.MinValue);
        Storage.SetTrialUserAttr(complete, "ndcg", 0.3333333333333333);
        Storage.SetTrialSystemAttr(complete, "rung_0", 0.25);
        Storage.RecordHeartbeat(complete);
        Storage.FinishTrial(complete, TrialState.Complete, 0.987654321, null);

        var pruned = Storage.CreateTrial("full", TrialState.Running).Id;
        Storage.SetTrialIntermediateValue(pruned, 4, 0.75);
        Storage.FinishTrial(pruned, TrialState.Pruned, 0.75, null);
        var failed = Storage.CreateTrial("full", TrialState.Running).Id;
        Storage.FinishTrial(failed, TrialState.Failed, null, "System.InvalidOperationException: boom\n   at Objective() in ünïcode.cs:line 3");
        var running = Storage.CreateTrial("full", TrialState.Running).Id;
        Storage.SetTrialParam(running, "algo", 0, new CategoricalDistribution(["maml", "fomaml", "reptile"]));
        var waiting = Storage.CreateTrial("full", TrialState.Waiting, new Dictionary<string, object> { ["fixed_params:batch"] = 64, ["retry_of"] = 1 }).Id;
        var before = Storage.GetAllTrials("full");
        var studyBefore = Storage.FindStudy("full")!;

        Storage = Reopen(Storage);

        // Read one trial by id before anything else, so a storage that loads studies lazily finds it by id alone.
        AssertSameTrial(before[2], Storage.GetTrial(failed));
        var after = Storage.GetAllTrials("full");
        Assert.Equal(before.Count, after.Count);
        foreach (var (expected, actual) in before.Zip(after))
            AssertSameTrial(expected, actual);
        Assert.Equal([complete, pruned, failed, running, waiting], after.Select(t => t.Id));
        Assert.Equal([TrialState.Complete, TrialState.Pruned, TrialState.Failed, TrialState.Running, TrialState.Waiting],
            after.Select(t => t.State));
        foreach (var (name, distribution, internalValue) in parameters)
            Assert.Equal(internalValue, after[0].InternalParam(name));
        Assert.Equal("maml", Assert.IsType<string>(after[3].Params["algo"]));
        Assert.Equal(2, Assert.IsType<int>(after[0].Params["mixed"]));

        var studyAfter = Storage.FindStudy("full")!;
        Assert.Equal((created.Name, created.Direction, created.Created), (studyAfter.Name, studyAfter.Direction, studyAfter.Created));
        AssertSameAttributes(studyBefore.UserAttrs, studyAfter.UserAttrs);
        Assert.Equal(5, studyAfter.UserAttrs.Count);
    }

    [SkippableFact]
    public void ACopiedTrialKeepsEveryFieldButItsIdAndNumber()
    {
        Storage.CreateStudy("from", Direction.Minimize);
        Storage.CreateStudy("to", Direction.Minimize);
        Storage.CreateTrial("to", TrialState.Running);
        var id = Storage.CreateTrial("from", TrialState.Running, new Dictionary<string, object> { ["owner"] = "host:1:2" }).Id;
        Storage.SetTrialParam(id, "algo", 1, new CategoricalDistribution(["maml", "reptile"]));
        Storage.SetTrialIntermediateValue(id, 3, 0.5);
        Storage.SetTrialUserAttr(id, "seed", 1L << 40);
        Storage.FinishTrial(id, TrialState.Pruned, 0.5, null);
        var original = Storage.GetTrial(id);

        var copy = Storage.AddTrialCopy("to", original);
        Storage = Reopen(Storage);

        Assert.Equal(1, copy.Number);
        Assert.NotEqual(id, copy.Id);
        AssertSameTrial(original with { Id = copy.Id, Number = 1 }, Storage.GetTrial(copy.Id));
        AssertSameTrial(original, Storage.GetTrial(id));
    }

    [SkippableFact]
    public void AMultiObjectiveStudyKeepsItsDirectionsAndItsTrialsTheirValues()
    {
        Storage.CreateStudy("mo", Direction.Minimize, Direction.Maximize, Direction.Minimize);
        Storage.CreateStudy("single", Direction.Maximize);
        var complete = Storage.CreateTrial("mo", TrialState.Running).Id;
        var failed = Storage.CreateTrial("mo", TrialState.Running).Id;
        var single = Storage.CreateTrial("single", TrialState.Running).Id;
        var told = Storage.FinishTrial(complete, TrialState.Complete, [1.5, -2.25, 1e-300], null)!;
        Storage.FinishTrial(failed, TrialState.Failed, null, "boom");
        Storage.FinishTrial(single, TrialState.Complete, 0.25, null);
        Storage = Reopen(Storage);

        Assert.Equal([Direction.Minimize, Direction.Maximize, Direction.Minimize], Storage.FindStudy("mo")!.Directions);
        Assert.True(Storage.FindStudy("mo")!.IsMultiObjective);
        Assert.Equal([Direction.Maximize], Storage.GetAllStudies().Single(s => s.Name == "single").Directions);
        var stored = Storage.GetTrial(complete);
        Assert.Equal([1.5, -2.25, 1e-300], stored.Values);
        Assert.Null(stored.Value);
        AssertSameTrial(told, stored);
        Assert.Null(Storage.GetTrial(failed).Values);
        Assert.Equal(0.25, Storage.GetTrial(single).Value);
        Assert.Equal([0.25], Storage.GetTrial(single).Values);
    }

    [SkippableFact]
    public void AStudyWithoutDirectionsIsRefusedAndNotStored()
    {
        Assert.Throws<ArgumentException>(() => Storage.CreateStudy("none"));
        Assert.Throws<ArgumentException>(() => Storage.CreateStudy("bad", (Direction)7));
        Assert.Empty(Storage.GetAllStudies());
    }

    [SkippableFact]
    public void ACopiedMultiObjectiveStudyKeepsItsDirectionsAndValues()
    {
        Storage.CreateStudy("mo", Direction.Maximize, Direction.Minimize);
        var id = Storage.CreateTrial("mo", TrialState.Running).Id;
        Storage.SetTrialParam(id, "x", 0.5, new FloatDistribution(0, 1));
        Storage.FinishTrial(id, TrialState.Complete, [3, 4], null);

        StudyCopy.Copy(Storage, Storage, "mo", "copy");
        Storage = Reopen(Storage);

        Assert.Equal([Direction.Maximize, Direction.Minimize], Storage.FindStudy("copy")!.Directions);
        var copy = Storage.GetAllTrials("copy").Single();
        AssertSameTrial(Storage.GetTrial(id) with { Id = copy.Id }, copy);
        Assert.Equal([3.0, 4.0], copy.Values);
    }

    [SkippableFact]
    public void IntensificationResumedFromTheStorageMakesTheDecisionsOfAnUninterruptedRun()
    {
        // Configuration 0 scores 5, configuration 5 scores 2, every other 9, whatever the seed; new configurations
        // are x = their trial number. Stopped while 5 races the incumbent, the run is resumed by a new process.
        var options = new StudyOptions { Seed = 4, Sampler = new TrialNumberSampler(), Intensification = new IntensificationOptions() };
        static double Objective(Trial trial) => (int)trial.SuggestFloat("x", 0, 100) switch { 0 => 5, 5 => 2, _ => 9 };
        Study.Create("s", options with { Storage = Storage }).Optimize(Objective, 6);
        Storage = Reopen(Storage);
        var resumed = Study.Load("s", options with { Storage = Storage });
        resumed.Optimize(Objective, 3);

        Assert.Equal([(0, 0), (1, 0), (0, 1), (3, 0), (0, 2), (5, 0), (5, 1), (5, 2), (8, 0)],
            resumed.Trials.Select(t => (t.Configuration, t.Repeat)));
        Assert.All(resumed.Trials, t => Assert.Equal(resumed.SeedOf(BaselineRuns.Configuration, t.Repeat), t.Seed));
        Assert.Equal(5, ConfigurationResult.Winner(resumed.Configurations)!.Configuration);
    }

    [SkippableFact]
    public void AConfirmationKilledMidwayAndResumedFromTheStorageRunsEveryRepeatOnTheSharedSeeds()
    {
        // New configurations are x = their trial number and score x plus a little seed noise: 0 and 1 are confirmed.
        var options = new StudyOptions { Seed = 4, Sampler = new TrialNumberSampler(), RetryFailedTrials = true };
        static double Objective(Trial trial) => trial.SuggestFloat("x", 0, 100) + trial.Seed % 7 / 100.0;
        var study = Study.Create("s", options with { Storage = Storage });
        study.Optimize(Objective, 4);
        study.EnqueueConfirmation(top: 2, repeats: 3);
        study.Optimize(Objective, 2);
        // The third repeat is running when its process is killed, before its objective suggested x.
        var killed = study.Ask();
        Storage.SetTrialSystemAttr(killed.Id, Study.OwnerAttr, $"{Environment.MachineName}:{int.MaxValue - 7}:1");
        Storage = Reopen(Storage);
        var resumed = Study.Load("s", options with { Storage = Storage });

        Assert.Empty(resumed.EnqueueConfirmation(top: 2, repeats: 3));
        resumed.Optimize(Objective, 4);

        var trials = resumed.Trials;
        Assert.Equal([(0, 0), (1, 0), (2, 0), (3, 0), (0, 1), (0, 2), (0, 3), (1, 1), (1, 2), (1, 3), (0, 3)],
            trials.Select(t => (t.Configuration, t.Repeat)));
        Assert.Equal(TrialState.Failed, trials[killed.Number].State);
        Assert.Equal(killed.Seed, trials[^1].Seed);
        var shared = Enumerable.Range(0, 4).Select(k => resumed.SeedOf(BaselineRuns.Configuration, k)).ToList();
        Assert.All(trials.Skip(4), t => Assert.Equal(shared[t.Repeat], t.Seed));
        Assert.Equal(shared.Skip(1), BaselineRuns.SeedsToRun(resumed));
        Assert.Equal([(0, 4), (1, 4)], resumed.Configurations.Take(2).Select(c => (c.Configuration, c.Repeats)));
    }

    /// <summary>Compares every field, with attribute and parameter values compared by value and exact type.</summary>
    public static void AssertSameTrial(FrozenTrial expected, FrozenTrial actual)
    {
        Assert.Equal((expected.Id, expected.Number, expected.State, expected.Value, expected.FailReason),
            (actual.Id, actual.Number, actual.State, actual.Value, actual.FailReason));
        Assert.Equal(expected.Values, actual.Values);
        Assert.Equal((expected.DatetimeStart, expected.DatetimeComplete, expected.Heartbeat),
            (actual.DatetimeStart, actual.DatetimeComplete, actual.Heartbeat));
        Assert.All(new[] { actual.DatetimeStart, actual.DatetimeComplete, actual.Heartbeat }.OfType<DateTime>(),
            t => Assert.True(t.Kind == DateTimeKind.Utc && t > Epoch, $"time {t:o} ({t.Kind})"));
        AssertSameAttributes(expected.Params, actual.Params);
        Assert.Equal(expected.Distributions.OrderBy(kv => kv.Key, StringComparer.Ordinal),
            actual.Distributions.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        Assert.Equal(expected.IntermediateValues.OrderBy(kv => kv.Key), actual.IntermediateValues.OrderBy(kv => kv.Key));
        AssertSameAttributes(expected.UserAttrs, actual.UserAttrs);
        AssertSameAttributes(expected.SystemAttrs, actual.SystemAttrs);
    }

    private static void AssertSameAttributes(IReadOnlyDictionary<string, object> expected, IReadOnlyDictionary<string, object> actual)
    {
        static IEnumerable<(string, object, Type)> Typed(IReadOnlyDictionary<string, object> d) =>
            d.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value, kv.Value.GetType()));
        Assert.Equal(Typed(expected), Typed(actual));
    }
}
