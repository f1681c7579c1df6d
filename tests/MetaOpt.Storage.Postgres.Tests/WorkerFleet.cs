using System.Diagnostics;
using System.Globalization;

namespace MetaOpt.Storage.Postgres.Tests;

/// <summary>
/// <c>metaopt run</c> worker processes (the launcher built next to the tests) on one study in one database,
/// which the test can add to, kill with SIGKILL and wait for.
/// </summary>
internal sealed class WorkerFleet(string url, string study, int trials) : IDisposable
{
    private readonly List<Process> _workers = [];

    public IReadOnlyList<Process> Workers => _workers;

    public Process Start()
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "MetaOpt.Launcher"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "run", study, "--trials", trials.ToString(CultureInfo.InvariantCulture), "--storage", url, "--sampler", "random" })
            start.ArgumentList.Add(argument);
        var worker = Process.Start(start)!;
        // Drained, so a worker never blocks on a full pipe; kept for the message of a failed wait.
        worker.StandardOutput.ReadToEndAsync();
        _workers.Add(worker);
        return worker;
    }

    /// <summary>Kills one live worker at random with SIGKILL; returns false when none is left.</summary>
    public bool KillOne(Random random, IStorage storage, string study)
    {
        var live = _workers.Where(w => !w.HasExited).ToList();
        if (live.Count == 0)
            return false;
        // Preferably a worker in the middle of a trial: a no-op objective leaves a worker between trials (reading
        // the history) for much of its time, and a kill there leaves nothing for the others to recover.
        var busy = storage.GetAllTrials(study, [TrialState.Running])
            .Select(t => t.SystemAttrs.GetValueOrDefault("owner") as string)
            .Select(owner => owner?.Split(':') is [_, var pid, _] && int.TryParse(pid, out var id) ? id : -1)
            .ToHashSet();
        var candidates = live.Where(w => busy.Contains(w.Id)).ToList();
        if (candidates.Count > 0)
            live = candidates;
        var victim = live[random.Next(live.Count)];
        victim.Kill();
        victim.WaitForExit();
        _workers.Remove(victim);
        victim.Dispose();
        return true;
    }

    /// <summary>Waits for every worker and checks that each ended with exit code 0.</summary>
    public void WaitAll(TimeSpan limit)
    {
        foreach (var worker in _workers)
        {
            Assert.True(worker.WaitForExit(limit), $"worker {worker.Id} still runs after {limit}");
            var error = worker.StandardError.ReadToEnd();
            Assert.True(worker.ExitCode == 0, $"worker {worker.Id} exited with {worker.ExitCode}: {error}");
        }
    }

    /// <summary>Polls the study until <paramref name="count"/> trials have finished (or every worker has exited).</summary>
    public static void WaitForFinished(IStorage storage, string study, int count)
    {
        var give = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (storage.FindStudy(study) is null || storage.GetAllTrials(study).Count(t => t.State.IsFinished()) < count)
        {
            Assert.True(DateTime.UtcNow < give, $"fewer than {count} trials finished in two minutes");
            Thread.Sleep(50);
        }
    }

    public void Dispose()
    {
        foreach (var worker in _workers)
        {
            if (!worker.HasExited)
                worker.Kill();
            worker.Dispose();
        }
    }
}
