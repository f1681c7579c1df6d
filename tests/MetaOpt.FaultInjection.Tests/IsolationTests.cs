using System.Globalization;
using MetaOpt.Execution;
using MetaOpt.Hosting;

namespace MetaOpt.FaultInjection.Tests;

/// <summary>
/// <c>metaopt run --isolation process</c> with trials that crash, blow their memory, hang or flood stdout, and a
/// parent that is killed or interrupted: each misbehaving trial fails alone with its reason, the study finishes the
/// others, nothing stays Running and no worker process outlives its run.
/// </summary>
public sealed class IsolationTests
{
    /// <summary>The test studies (MetaOpt.Isolation.TestStudies), loaded by the launcher as the user's own.</summary>
    private static readonly string TestStudies = Path.Combine(AppContext.BaseDirectory, "MetaOpt.Isolation.TestStudies.dll");

    /// <summary>How long a killed process may take to disappear: a guard against a hang, not a bound.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static string[] Command(string study, params string[] extra) =>
        ["run", study, "--studies", TestStudies, "--isolation", "process", "--storage", "s.db", "--trials", "4", .. extra];

    private static readonly string FloodReason =
        "The trial's worker process (pid {pid}) exited with code 3.\nThe last lines of its standard error:\n" +
        string.Join('\n', Enumerable.Range(81, 20).Select(i => $"stderr line {i}"));

    public static TheoryData<string, string[], string> Faults => new()
    {
        { "probe-segfault", [], "The trial's worker process (pid {pid}) was killed by SIGSEGV." },
        { "probe-memory", ["--trial-memory", "200M"], "The trial exceeded the trial memory of 200M: System.OutOfMemoryException" },
        // A failed allocation where the address space is capped, the kernel's kill where a cgroup v2 caps the memory.
        { "probe-native-memory", ["--trial-memory", "200M"], "The trial exceeded the trial memory of 200M: " },
        { "probe-hang", ["--trial-timeout", "2s"], "The trial exceeded the trial timeout of 2s: its worker process (pid {pid}) and its children were killed." },
        { "probe-flood", [], FloodReason },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public void AMisbehavingTrialFailsAloneWithItsReason(string study, string[] limits, string reason)
    {
        using var directory = new WorkDirectory();

        var outcome = LauncherChild.Run(directory.Path, Command(study, limits));

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        var trials = Stored(directory, study);
        Assert.Equal([TrialState.Complete, TrialState.Failed, TrialState.Complete, TrialState.Complete], trials.Select(t => t.State));
        var pid = Convert.ToInt64(trials[1].UserAttrs["pid"], CultureInfo.InvariantCulture);
        Assert.StartsWith(reason.Replace("{pid}", pid.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal), trials[1].FailReason);
        // The failed worker was replaced: trial 2 ran in a fresh process.
        Assert.NotEqual(pid, Convert.ToInt64(trials[2].UserAttrs["pid"], CultureInfo.InvariantCulture));
        AssertAllGone(PidFiles(directory));
    }

    [Fact]
    public void EachWorkerSeesOnlyItsSlotsGpuAndNoSlotRunsTwoTrials()
    {
        var study = Study.Create("placement", new StudyOptions { Sampler = new RandomSampler(seed: 1) });
        using (var pool = PlacementPool())
        {
            study.Optimize(pool.Evaluate, trials: 12, parallelism: 6, devices: DeviceSlots.Parse("cuda:all", 1, new FourGpus()), stopOnCtrlC: false);
        }

        AssertOneTrialPerGpuAtATime(study.Trials);
    }

    [Fact]
    public async Task OptimizeAsyncRunsTrialsInWorkersThroughEvaluateAsync()
    {
        var study = Study.Create("placement", new StudyOptions { Sampler = new RandomSampler(seed: 1) });
        using (var pool = PlacementPool())
        {
            await study.OptimizeAsync(pool.EvaluateAsync, trials: 12, parallelism: 6, devices: DeviceSlots.Parse("cuda:all", 1, new FourGpus()));
        }

        AssertOneTrialPerGpuAtATime(study.Trials);
    }

    /// <summary>Workers of the test study that records, in each trial, the device it was placed on and what it saw.</summary>
    private static TrialProcessPool PlacementPool() => new(new ProcessIsolation
    {
        FileName = Path.Combine(AppContext.BaseDirectory, "MetaOpt.Launcher"),
        Arguments = ["worker", "probe-placement", "--studies", TestStudies],
    });

    /// <summary>Every trial completed in a worker that saw only its slot's GPU, and no GPU ran two trials at once.</summary>
    private static void AssertOneTrialPerGpuAtATime(IReadOnlyList<FrozenTrial> trials)
    {
        Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.All(trials, t =>
        {
            var device = (string)t.UserAttrs[Trial.DeviceAttr];
            Assert.Equal(device["cuda:".Length..], t.UserAttrs["visible"]);
            Assert.Equal("cuda:0", t.UserAttrs["seen_device"]);
        });
        Assert.Equal(4, trials.Select(t => t.UserAttrs[Trial.DeviceAttr]).Distinct().Count());
        foreach (var onOneGpu in trials.GroupBy(t => t.UserAttrs[Trial.DeviceAttr]))
        {
            var spans = onOneGpu.Select(t => (Start: Convert.ToInt64(t.UserAttrs["start"], CultureInfo.InvariantCulture), End: Convert.ToInt64(t.UserAttrs["end"], CultureInfo.InvariantCulture)))
                .OrderBy(s => s.Start).ToList();
            Assert.All(spans.Zip(spans.Skip(1)), pair => Assert.True(pair.First.End <= pair.Second.Start, $"two trials ran on {onOneGpu.Key} at once"));
        }
        AssertAllGone(trials.Select(t => Convert.ToInt32(t.UserAttrs["pid"], CultureInfo.InvariantCulture)).Distinct().ToList());
    }

    [Fact]
    public void WorkersDoNotInheritTheStorageVariableTheirParentHolds()
    {
        using var directory = new WorkDirectory();
        var storage = new Dictionary<string, string> { ["METAOPT_STORAGE"] = "s.db" };

        var threads = LauncherChild.Run(directory.Path, ["run", "probe-environment", "--studies", TestStudies, "--trials", "1"], environment: storage);
        var processes = LauncherChild.Run(directory.Path, ["run", "probe-environment", "--studies", TestStudies, "--trials", "3", "--isolation", "process"], environment: storage);

        Assert.True(threads.ExitCode == 0, threads.ToString());
        Assert.True(processes.ExitCode == 0, processes.ToString());
        // The parent stored every trial in the file the variable names; only the one that ran in it saw the variable.
        var seen = Stored(directory, "probe-environment").Select(t => t.UserAttrs[Isolation.TestStudies.EnvironmentStudy.StorageAttr]);
        Assert.Equal(["s.db", "", ""], seen);
    }

    [Fact]
    public void Kill9OfTheParentTakesItsWorkersAlongAndAResumedRunRecoversTheirTrials()
    {
        using var directory = new WorkDirectory();
        File.WriteAllText(directory.File("hold"), "");
        var command = Command("probe-hold", "--parallel", "2");
        using (var parent = LauncherChild.Start(directory.Path, command))
        {
            var workers = AwaitPidFiles(directory, 2, parent);
            parent.Signal(Signals.Kill);
            Assert.Equal(128 + Signals.Kill, parent.WaitForExit().ExitCode);
            AssertAllGone(workers);
        }
        File.Delete(directory.File("hold"));

        var resumed = LauncherChild.Run(directory.Path, command);

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Equal(2, resumed.Output.Split('\n').Count(l => l.Contains("of an interrupted run was marked failed", StringComparison.Ordinal)));
        var trials = Stored(directory, "probe-hold");
        Assert.Equal(4, trials.Count(t => t.State == TrialState.Complete));
        Assert.Equal(2, trials.Count(t => t.State == TrialState.Failed));
        Assert.DoesNotContain(trials, t => t.State is TrialState.Running or TrialState.Waiting);
        AssertAllGone(PidFiles(directory));
    }

    [Fact]
    public void AnInterruptedParentStopsItsWorkersAndStoresTheirTrialsAsInterrupted()
    {
        using var directory = new WorkDirectory();
        File.WriteAllText(directory.File("hold"), "");
        using var parent = LauncherChild.Start(directory.Path, Command("probe-hold", "--parallel", "2"));
        var workers = AwaitPidFiles(directory, 2, parent);

        parent.Signal(Signals.Interrupt);

        var outcome = parent.WaitForExit();
        Assert.True(outcome.ExitCode == 130, outcome.ToString());
        AssertAllGone(workers);
        var trials = Stored(directory, "probe-hold");
        Assert.DoesNotContain(trials, t => t.State == TrialState.Running);
        Assert.Equal(2, trials.Count(t => t.State == TrialState.Failed && t.FailReason!.StartsWith("Interrupted", StringComparison.Ordinal)));
    }

    [Fact]
    public void AnObjectivesSearchSpaceMistakeStopsTheRunWithOneLineInEitherIsolation()
    {
        var lines = new List<string>();
        foreach (var isolation in new[] { "thread", "process" })
        {
            using var directory = new WorkDirectory();

            var outcome = LauncherChild.Run(directory.Path,
                ["run", "probe-two-ranges", "--studies", TestStudies, "--isolation", isolation, "--storage", "s.db", "--trials", "4"]);

            Assert.True(outcome.ExitCode == 1, $"{isolation}: {outcome}");
            var line = Assert.Single(outcome.ErrorLines);
            Assert.StartsWith("metaopt: study 'probe-two-ranges' stopped: its objective suggested a parameter wrongly (fix the study's code): " +
                              "Parameter 'x' was already suggested in trial 0 as ", line);
            lines.Add(line);
            // The first trial shows the mistake, and no other trial was started to repeat it.
            var trial = Assert.Single(Stored(directory, "probe-two-ranges"));
            Assert.Equal(TrialState.Failed, trial.State);
            Assert.Contains("Parameter 'x' was already suggested in trial 0", trial.FailReason);
        }
        Assert.Equal(lines[0], lines[1]);
    }

    [Fact]
    public void ASigtermDuringAThreadTrialKeepsTheValueThatArrives()
    {
        using var directory = new WorkDirectory();
        File.WriteAllText(directory.File("hold"), "");
        using var parent = LauncherChild.Start(directory.Path,
            ["run", "probe-finish", "--studies", TestStudies, "--isolation", "thread", "--storage", "s.db", "--trials", "2"]);
        AwaitPidFiles(directory, 1, parent);

        parent.Signal(Signals.Terminate);
        var deadline = DateTime.UtcNow + Patience;
        while (!File.Exists(directory.File("cancelled")))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the trial did not see the SIGTERM: {parent.SoFar()}");
            Thread.Sleep(50);
        }
        File.Delete(directory.File("hold"));

        var outcome = parent.WaitForExit();
        Assert.True(outcome.ExitCode == 143, outcome.ToString());
        Assert.StartsWith("metaopt: interrupted; ", Assert.Single(outcome.ErrorLines));
        // The trial ran to its end: its value is kept, and it is not evaluated again.
        var trial = Assert.Single(Stored(directory, "probe-finish"));
        Assert.Equal(TrialState.Complete, trial.State);
        Assert.Equal(Math.Pow((double)trial.Params["x"], 2), trial.Value!.Value, 12);
    }

    private sealed class FourGpus : IGpuProbe
    {
        public int CountGpus() => 4;
    }

    private static IReadOnlyList<FrozenTrial> Stored(WorkDirectory directory, string study)
    {
        using var storage = new LiteDbStorage(directory.File("s.db"));
        return storage.GetAllTrials(study);
    }

    /// <summary>The workers (and their own children) the trials of a run announced in pid files.</summary>
    private static List<int> PidFiles(WorkDirectory directory) =>
        Directory.GetFiles(directory.Path, "*.pid")
            .Select(f => int.Parse(Path.GetFileNameWithoutExtension(f).Split('-')[1], CultureInfo.InvariantCulture))
            .ToList();

    private static List<int> AwaitPidFiles(WorkDirectory directory, int count, LauncherChild parent)
    {
        var deadline = DateTime.UtcNow + LauncherChild.Patience;
        while (PidFiles(directory).Count < count)
        {
            Assert.False(parent.HasExited, $"the run ended before {count} workers were busy: {parent.SoFar()}");
            Assert.True(DateTime.UtcNow < deadline, $"{count} workers did not start within {LauncherChild.Patience}: {parent.SoFar()}");
            Thread.Sleep(50);
        }
        return PidFiles(directory);
    }

    /// <summary>Every process of <paramref name="pids"/> is gone (a zombie left for init to reap counts as gone).</summary>
    private static void AssertAllGone(IReadOnlyList<int> pids)
    {
        Assert.NotEmpty(pids);
        var deadline = DateTime.UtcNow + Patience;
        while (pids.Any(Alive))
        {
            Assert.True(DateTime.UtcNow < deadline, $"processes still alive: {string.Join(", ", pids.Where(Alive))}");
            Thread.Sleep(100);
        }
    }

    private static bool Alive(int pid)
    {
        try
        {
            return File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("State:", StringComparison.Ordinal)) is { } state
                   && !state.Contains('Z', StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
