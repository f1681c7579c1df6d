using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MetaOpt.Bench.Samplers;

namespace MetaOpt.Bench.Postgres;

/// <summary>
/// The <c>postgres</c> verb: many worker processes sharing one study in PostgreSQL, side by side with Optuna's
/// <c>RDBStorage</c> on the same server (<c>../shared/peers/optuna_rdb_peer.py</c>, same objective and protocol).
/// Throughput: for each worker count W, a fresh study; W processes (this program's <c>postgres-worker</c> verb) each
/// run TPE (constant liar) on a no-op objective of two floats until the study has <c>--trials</c> trials; then the
/// peer's W workers on a study of their own, in each start mode asked for. Two figures for each, both computed here
/// (<see cref="GroupRun"/>): trials per second over the wall time of the group, and steady-state trials per second
/// from the trials' stored times. Ask latency: a study of <c>--history</c> complete trials, then
/// <c>--asks</c> timed ask + suggest + tell rounds by one process; median and p99 milliseconds of wall time, and the
/// mean CPU time of the process per round (every thread's: what a round costs the worker, whatever else the machine
/// runs; the kernel counts it in 10 ms ticks, so only the mean over many rounds is exact enough).
/// </summary>
internal static class PostgresCommand
{
    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = "postgresql://user:password@host:port/database", Required = true };
        var workers = new Option<string>("--workers") { Description = "Comma-separated worker counts", DefaultValueFactory = _ => "1,2,4,8" };
        var trials = new Option<int>("--trials") { Description = "Trials per study", DefaultValueFactory = _ => 400 };
        var history = new Option<int>("--history") { Description = "Complete trials before the timed asks", DefaultValueFactory = _ => 10_000 };
        var asks = new Option<int>("--asks") { Description = "Timed ask + tell rounds; 0 measures no ask latency", DefaultValueFactory = _ => 50 };
        var peer = new Option<string?>("--peer") { Description = "The Optuna RDB peer script; none run when not given" };
        var peerStart = new Option<string>("--peer-start") { Description = "Comma-separated start modes of the peer's workers: cold, fork", DefaultValueFactory = _ => "cold" };
        var command = new Command("postgres", "Trials per second of 1..8 worker processes on PostgreSQL, and ask latency at 10,000 trials, against Optuna's RDBStorage")
        {
            url, workers, trials, history, asks, peer, peerStart,
        };
        command.SetAction(result => Run(
            result.GetValue(url)!,
            result.GetValue(workers)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(w => int.Parse(w, CultureInfo.InvariantCulture)).ToList(),
            result.GetValue(trials),
            result.GetValue(history),
            result.GetValue(asks),
            result.GetValue(peer),
            result.GetValue(peerStart)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)));
        return command;
    }

    /// <summary>The hidden verb one worker process runs.</summary>
    public static Command CreateWorker()
    {
        var url = new Option<string>("--url") { Required = true };
        var study = new Option<string>("--study") { Required = true };
        var trials = new Option<int>("--trials") { Required = true };
        var seed = new Option<int>("--seed") { Required = true };
        var command = new Command("postgres-worker", "One worker of the postgres benchmark") { url, study, trials, seed };
        command.Hidden = true;
        command.SetAction(result =>
        {
            using var storage = new PostgresStorage(result.GetValue(url)!);
            var options = new StudyOptions
            {
                Storage = storage,
                Sampler = new TpeSampler(new TpeSamplerOptions { Seed = result.GetValue(seed), ConstantLiar = true }),
                MaxTrials = result.GetValue(trials),
            };
            Study.Load(result.GetValue(study)!, options).Optimize(Objective);
            return 0;
        });
        return command;
    }

    private static double Objective(Trial trial)
    {
        var x = trial.SuggestFloat("x", -5, 5);
        var y = trial.SuggestFloat("y", -5, 5);
        return x * x + y * y;
    }

    private static int Run(string url, IReadOnlyList<int> workerCounts, int trials, int history, int asks, string? peer, IReadOnlyList<string> peerStarts)
    {
        using var storage = new PostgresStorage(url);
        var optuna = peer is null ? null : new OptunaPeer(peer, url);
        // One worker count at a time, MetaOpt and then the peer, so both meet the same load on the machine.
        Console.WriteLine(GroupRun.Header);
        foreach (var workers in workerCounts)
        {
            var ours = RunWorkers(storage, url, workers, trials);
            Console.WriteLine(ours.Row(metaopt: null));
            if (optuna is null)
                continue;
            foreach (var start in peerStarts)
                Console.WriteLine(optuna.Run(workers, trials, start).Row(ours));
        }
        if (asks == 0)
            return 0;
        var (median, p99, cpu) = AskLatency(storage, history, asks);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"metaopt ask+tell at {history} trials: median {median:F1} ms, p99 {p99:F1} ms; CPU time of the worker {cpu:F1} ms per round"));
        if (peer is not null)
            RunPeer(peer, "--url", url, "--ask-latency", "--history", history.ToString(CultureInfo.InvariantCulture), "--asks", asks.ToString(CultureInfo.InvariantCulture));
        return 0;
    }

    /// <summary>Runs <paramref name="workers"/> worker processes on a fresh study and reads it back; each trial's worker is its owner.</summary>
    private static GroupRun RunWorkers(PostgresStorage storage, string url, int workers, int trials)
    {
        var name = $"bench-{workers}-{Guid.NewGuid():N}"[..20];
        storage.CreateStudy(name, Direction.Minimize);
        var clock = Stopwatch.StartNew();
        var processes = Enumerable.Range(0, workers).Select(seed => Process.Start(Environment.ProcessPath!,
            ["postgres-worker", "--url", url, "--study", name, "--trials", trials.ToString(CultureInfo.InvariantCulture), "--seed", seed.ToString(CultureInfo.InvariantCulture)])).ToList();
        foreach (var process in processes)
        {
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"worker {process.Id} exited with {process.ExitCode}");
        }
        var wall = clock.Elapsed.TotalSeconds;
        var stored = storage.GetAllTrials(name);
        return new GroupRun("metaopt", workers, stored.Count(t => t.State.IsFinished()),
            stored.Select(t => t.Number).SequenceEqual(Enumerable.Range(0, stored.Count)), wall,
            stored.Where(t => t.DatetimeStart is not null)
                .Select(t => ((string)t.SystemAttrs[Study.OwnerAttr], t.DatetimeStart!.Value, t.DatetimeComplete))
                .ToList());
    }

    /// <summary>Fills a study with <paramref name="history"/> complete random trials, then times ask + suggest + tell rounds.</summary>
    private static (double Median, double P99, double MeanCpu) AskLatency(IStorage storage, int history, int asks)
    {
        var name = $"bench-latency-{Guid.NewGuid():N}"[..24];
        storage.CreateStudy(name, Direction.Minimize);
        var random = new Random(0);
        var distribution = new FloatDistribution(-5, 5);
        var start = DateTime.UtcNow;
        for (var i = 0; i < history; i++)
        {
            var (x, y) = (random.NextDouble() * 10 - 5, random.NextDouble() * 10 - 5);
            storage.AddTrialCopy(name, new FrozenTrial
            {
                Id = 0,
                Number = 0,
                State = TrialState.Complete,
                Value = x * x + y * y,
                Params = new Dictionary<string, object> { ["x"] = x, ["y"] = y },
                Distributions = new Dictionary<string, Distribution> { ["x"] = distribution, ["y"] = distribution },
                DatetimeStart = start,
                DatetimeComplete = start,
            });
        }
        var study = Study.Load(name, new StudyOptions { Storage = storage, Sampler = new TpeSampler(seed: 0) });
        var times = new List<double>();
        using var self = Process.GetCurrentProcess();
        var cpu = self.TotalProcessorTime;
        for (var i = 0; i < asks; i++)
        {
            var clock = Stopwatch.StartNew();
            var trial = study.Ask();
            study.Tell(trial, Objective(trial));
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        self.Refresh();
        var meanCpu = (self.TotalProcessorTime - cpu).TotalMilliseconds / asks;
        times.Sort();
        return (SamplerTable.Median(times), times[Math.Min(times.Count - 1, (int)(0.99 * times.Count))], meanCpu);
    }

    private static void RunPeer(string script, params string[] arguments)
    {
        using var process = Process.Start("/usr/bin/python3", [script, .. arguments]);
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"the peer {script} exited with {process.ExitCode}");
    }
}
