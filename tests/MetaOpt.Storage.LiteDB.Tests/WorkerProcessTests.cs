using MetaOpt.Storage.LiteDB.Tests.Worker;

namespace MetaOpt.Storage.LiteDB.Tests;

/// <summary>A study file shared with a real second process: refused while it runs, resumed after it is killed.</summary>
public sealed class WorkerProcessTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void A_file_held_by_a_running_worker_is_refused_naming_the_worker_and_left_untouched()
    {
        var path = _directory.File("studies.db");
        using var worker = WorkerProcess.Start(path, "held", fastTrials: 2, reports: 1);
        worker.WaitForRunningTrial();
        var before = File.ReadAllBytes(path);

        var refused = Assert.Throws<StorageLockedException>(() => new LiteDbStorage(path));

        Assert.Equal(worker.Pid, refused.OwnerProcessId);
        Assert.Contains($"in use by another process (pid {worker.Pid})", refused.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        worker.Kill();
        using var storage = new LiteDbStorage(path);
        Assert.Equal(3, storage.GetAllTrials("held").Count);
    }

    [Fact]
    public void A_study_whose_worker_was_killed_mid_trial_fails_that_trial_retries_its_parameters_and_goes_on()
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

        var history = study.Trials;
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
        }, nTrials: 3);

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
}
