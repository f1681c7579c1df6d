using MetaOpt.Storage.LiteDB.Tests.Worker;
using MetaOpt.Storage.Testing;
using MetaOpt.TestSupport;

namespace MetaOpt.Storage.LiteDB.Tests;

/// <summary>A study file shared with a real second process: refused while it runs, resumed after it is killed.</summary>
public sealed class WorkerProcessTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void AFileHeldByARunningWorkerIsRefusedNamingTheWorkerAndLeftUntouched()
    {
        var path = _directory.File("studies.db");
        using var worker = WorkerProcess.Start(path, "held", fastTrials: 2, reports: 1);
        worker.WaitForRunningTrial();
        var before = File.ReadAllBytes(path);

        var refused = Assert.Throws<StorageLockedException>(() => new LiteDbStorage(path, TimeSpan.Zero));

        Assert.Equal(worker.Pid, refused.OwnerProcessId);
        Assert.Contains($"in use by another process (pid {worker.Pid})", refused.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        worker.Kill();
        using var storage = new LiteDbStorage(path);
        Assert.Equal(3, storage.GetAllTrials("held").Count);
    }

    [Theory]
    [InlineData("the file itself")]
    [InlineData("a hard link")]
    [InlineData("a symbolic link")]
    public void ALiveFileIsRefusedToWritersAndReadersByAnyPathNamingTheWorker(string route)
    {
        var path = _directory.File("studies.db");
        using var worker = WorkerProcess.Start(path, "held", fastTrials: 1, reports: 1);
        worker.WaitForRunningTrial();
        var other = route switch
        {
            "a hard link" => Link(path, _directory.File("hard.db"), symbolic: false),
            "a symbolic link" => Link(path, _directory.File("soft.db"), symbolic: true),
            _ => path,
        };
        var before = SampleStorage.Fingerprint(path);

        var write = Assert.Throws<StorageLockedException>(() => new LiteDbStorage(other, TimeSpan.Zero));
        var read = Assert.Throws<StorageLockedException>(() => LiteDbStorage.OpenReadOnly(other, TimeSpan.Zero));

        Assert.Equal(worker.Pid, write.OwnerProcessId);
        Assert.Equal($"{other} is in use by another process (pid {worker.Pid}); stop it or wait for it to finish.", write.Message);
        Assert.StartsWith($"{other} is in use by another process (pid {worker.Pid}) while it runs; reads are refused", read.Message);
        Assert.Equal(before, SampleStorage.Fingerprint(path));
        Assert.DoesNotContain(Directory.GetFiles(_directory.FullPath), f => f.EndsWith(".lock", StringComparison.Ordinal));
    }

    [Fact]
    public void ReadingTheFileAKilledWorkerLeftWithARunningTrialChangesNoByte()
    {
        var path = _directory.File("studies.db");
        using (var worker = WorkerProcess.Start(path, "killed", fastTrials: 2, reports: 2))
        {
            worker.WaitForRunningTrial();
            worker.Kill();
        }
        var before = SampleStorage.Fingerprint(path);

        using (var storage = LiteDbStorage.OpenReadOnly(path))
        {
            var study = Study.Load("killed", new StudyOptions { Storage = storage });
            Assert.Equal(TrialState.Running, study.Trials[2].State);
            Assert.Equal(2, study.Trials[2].IntermediateValues.Count);
        }
        Assert.True(LiteDbStorage.Check(path).IsSound);

        Assert.Equal(before, SampleStorage.Fingerprint(path));
    }

    [SkippableFact]
    public void AWorkerStoppedBySIGTERMStoresItsTrialAsInterruptedWithARetryAndReleasesTheFile()
    {
        Requires.MachineWhere(!OperatingSystem.IsWindows(), "SIGTERM is a POSIX signal");
        var path = _directory.File("studies.db");
        using (var worker = WorkerProcess.Start(path, "stopped", fastTrials: 1, reports: 1))
        {
            Assert.Equal(1, worker.WaitForRunningTrial());
            Assert.Equal(0, worker.Terminate());
        }

        using var storage = LiteDbStorage.OpenReadOnly(path);
        var trials = storage.GetAllTrials("stopped");
        Assert.Equal([TrialState.Complete, TrialState.Failed, TrialState.Waiting], trials.Select(t => t.State));
        Assert.StartsWith("Interrupted", trials[1].FailReason);
        Assert.Equal(1, trials[2].SystemAttrs["retry_of"]);
        Assert.Equal(trials[1].Params["x"], trials[2].SystemAttrs["fixed_params:x"]);
    }

    [Fact]
    public void AStudyWhoseWorkerWasKilledMidTrialFailsThatTrialRetriesItsParametersAndGoesOn()
    {
        var path = _directory.File("studies.db");
        int workerPid;
        using (var worker = WorkerProcess.Start(path, "resume", fastTrials: 4, reports: 3))
        {
            Assert.Equal(4, worker.WaitForRunningTrial());
            workerPid = worker.Pid;
            worker.Kill();
        }

        using var storage = new LiteDbStorage(path);
        var study = Study.CreateOrLoad("resume", new StudyOptions
        {
            Storage = storage,
            Sampler = new RandomSampler(seed: 11),
            RetryFailedTrials = true,
        });
        Assert.Equal(TrialState.Running, study.Trials[4].State);

        var recovered = Assert.Single(study.RecoverAbandonedTrials());
        var history = study.Trials;
        Assert.Equal((4, 5), (recovered.Trial.Number, recovered.Retry!.Number));
        Assert.Equal([TrialState.Complete, TrialState.Complete, TrialState.Complete, TrialState.Complete, TrialState.Failed, TrialState.Waiting],
            history.Select(t => t.State));
        var interrupted = history[4];
        Assert.Contains($"worker process {workerPid} died", interrupted.FailReason);
        Assert.Equal(["kind", "n", "x"], interrupted.Params.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(workerPid, interrupted.UserAttrs["worker"]);
        var value = (double)interrupted.Params["x"] + (int)interrupted.Params["n"] + (interrupted.Params["kind"] is true ? 1 : 0);
        Assert.Equal([(0, value), (1, 2 * value), (2, 3 * value)], interrupted.IntermediateValues.Select(kv => (kv.Key, kv.Value)));
        Assert.Equal(4, history[5].SystemAttrs["retry_of"]);

        var completedBeforeFirstNewTrial = -1;
        study.Optimize(trial =>
        {
            if (completedBeforeFirstNewTrial < 0)
                completedBeforeFirstNewTrial = trial.Study.GetTrials(TrialState.Complete).Count;
            return WorkerSearchSpace.Evaluate(trial);
        }, trials: 3);

        var resumed = study.Trials;
        Assert.Equal(4, completedBeforeFirstNewTrial);
        Assert.Equal(Enumerable.Range(0, 8), resumed.Select(t => t.Number));
        foreach (var (before, after) in history.Take(5).Zip(resumed))
            StorageContractTests.AssertSameTrial(before, after);
        Assert.Equal(TrialState.Complete, resumed[5].State);
        Assert.Equal(interrupted.Params.OrderBy(kv => kv.Key), resumed[5].Params.OrderBy(kv => kv.Key));
        Assert.Equal(value, resumed[5].Value);
        Assert.All(resumed.Skip(5), t => Assert.Equal(TrialState.Complete, t.State));
        Assert.Equal(7, study.GetTrials(TrialState.Complete).Count);
    }

    private static string Link(string target, string link, bool symbolic)
    {
        if (symbolic)
        {
            File.CreateSymbolicLink(link, target);
            return link;
        }
        // .NET has no call for a hard link.
        using var ln = System.Diagnostics.Process.Start("ln", [target, link]);
        ln.WaitForExit();
        Assert.Equal(0, ln.ExitCode);
        return link;
    }
}
