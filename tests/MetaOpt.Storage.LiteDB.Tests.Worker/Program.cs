// Runs a study on a LiteDB storage file in its own process, for the tests that need a real second process: one that
// holds the storage's lock, and one that is killed mid-trial. The first <fast-trials> trials complete at once; the
// next one reports <reports> intermediate values, prints "running trial <number>" once they are stored, and then
// blocks until the study is cancelled (SIGTERM), so the file no longer changes while the test looks at it, kills
// this process or stops it.
// Usage: MetaOpt.Storage.LiteDB.Tests.Worker <storage-file> <study-name> <fast-trials> <reports>
using System.Globalization;
using MetaOpt;
using MetaOpt.Storage.LiteDB.Tests.Worker;

if (args.Length != 4 || !TryCount(args[2], out var fastTrials) || !TryCount(args[3], out var reports))
{
    Console.Error.WriteLine("usage: MetaOpt.Storage.LiteDB.Tests.Worker <storage-file> <study-name> <fast-trials (>= 0)> <reports (>= 0)>");
    return 2;
}

using var storage = new LiteDbStorage(args[0]);
var study = Study.CreateOrLoad(args[1], new StudyOptions
{
    Storage = storage,
    Sampler = new RandomSampler(seed: 3),
    // No heartbeat writes while the test compares the file before and after a refused open; a dead local owner is
    // recognised from its process id anyway.
    HeartbeatInterval = Timeout.InfiniteTimeSpan,
    RetryFailedTrials = true,
});
study.Optimize(trial =>
{
    var value = WorkerSearchSpace.Evaluate(trial);
    trial.SetUserAttr("worker", Environment.ProcessId);
    if (trial.Number < fastTrials)
        return value;
    for (var step = 0; step < reports; step++)
        trial.Report(value * (step + 1), step);
    Console.WriteLine($"running trial {trial.Number}");
    trial.CancellationToken.WaitHandle.WaitOne();
    // Stops on the cancellation as a training loop does at its next report: a value returned instead would be kept.
    trial.CancellationToken.ThrowIfCancellationRequested();
    return value;
}, trials: fastTrials + 1, stopOnCtrlC: true);
return 0;

static bool TryCount(string text, out int count) =>
    int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out count) && count >= 0;
