using System.Globalization;
using System.Text.Json;

namespace MetaOpt.Launcher.Tests;

/// <summary>Every command on the two-objective ZDT1 study (and three-objective DTLZ2), stored in a temporary LiteDB file.</summary>
public sealed class MultiObjectiveCommandTests : IDisposable
{
    private const string StudyName = "functions-zdt1";
    private readonly TemporaryDirectory _directory = new();
    private readonly string _storage;

    public MultiObjectiveCommandTests() => _storage = _directory.File("studies.db");

    public void Dispose() => _directory.Dispose();

    private LauncherOutcome RunStudy(string study, int trials, params string[] extra) =>
        Launcher.Run(["run", study, "--trials", trials.ToString(CultureInfo.InvariantCulture), "--storage", _storage, "--seed", "3", .. extra]);

    private IReadOnlyList<FrozenTrial> Front(string study = StudyName)
    {
        using var storage = new LiteDbStorage(_storage);
        return Pareto.Front(storage.GetAllTrials(study), storage.FindStudy(study)!.Directions);
    }

    [Fact]
    public void RunStoresTwoValuesPerTrialWithMotpeUnderAutoAndNamesTheFront()
    {
        var outcome = RunStudy(StudyName, 12);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Empty(outcome.ErrorLines);
        using (var storage = new LiteDbStorage(_storage))
        {
            Assert.Equal([Direction.Minimize, Direction.Minimize], storage.FindStudy(StudyName)!.Directions);
            var trials = storage.GetAllTrials(StudyName);
            Assert.Equal(12, trials.Count(t => t.State == TrialState.Complete));
            Assert.All(trials, t =>
            {
                Assert.Equal(2, t.Values!.Count);
                Assert.Equal((double)t.Params["x0"], t.Values[0]);
                Assert.Equal(AutoSampler.Tpe, t.SystemAttrs[AutoSampler.SamplerAttr]);
            });
        }
        var numbers = string.Join(", ", Front().Select(t => "#" + t.Number.ToString(CultureInfo.InvariantCulture)));
        Assert.Contains($"Pareto front (minimize, minimize): {Front().Count} trials ({numbers})", outcome.Output);
        // Each trial's line shows the front's size so far where a single-objective run shows its best value.
        var finished = outcome.Output.Split('\n').Where(l => l.StartsWith("trial ", StringComparison.Ordinal) && l.Contains(" complete ", StringComparison.Ordinal)).ToList();
        Assert.Equal(12, finished.Count);
        Assert.All(finished, l => Assert.DoesNotContain("| best", l, StringComparison.Ordinal));
        Assert.Contains($"| front {Front().Count} |", finished[^1]);
        using var reread = new LiteDbStorage(_storage);
        var all = reread.GetAllTrials(StudyName);
        for (var n = 0; n < all.Count; n++)
            Assert.Contains($"| front {Pareto.Front(all.Take(n + 1), [Direction.Minimize, Direction.Minimize]).Count} |", finished[n]);
    }

    [Fact]
    public void WorkerProcessesCarryEveryValueAndMatchTrialsRunAsThreads()
    {
        var processes = RunStudy(StudyName, 5, "--sampler", "random", "--isolation", "process", "--parallel", "2", "--name", "in-processes");
        var threads = RunStudy(StudyName, 5, "--sampler", "random", "--name", "in-threads");

        Assert.True(processes.ExitCode == 0, processes.Error);
        Assert.Equal(0, threads.ExitCode);
        using var storage = new LiteDbStorage(_storage);
        var inProcesses = storage.GetAllTrials("in-processes");
        var inThreads = storage.GetAllTrials("in-threads");
        Assert.Equal(5, inProcesses.Count(t => t.State == TrialState.Complete));
        // Random draws come from the seed and the trial number: the same trials, the values computed in the workers.
        Assert.Equal(
            inThreads.Select(t => (t.Number, string.Join(",", t.Values!), (double)t.Params["x0"])),
            inProcesses.OrderBy(t => t.Number).Select(t => (t.Number, string.Join(",", t.Values!), (double)t.Params["x0"])));
        Assert.All(inProcesses, t => Assert.Equal(2, t.Values!.Count));
    }

    [Fact]
    public void TpeRunsATwoObjectiveStudyAsMotpe()
    {
        var outcome = RunStudy(StudyName, 14, "--sampler", "tpe");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Empty(outcome.ErrorLines);
        using var storage = new LiteDbStorage(_storage);
        var trials = storage.GetAllTrials(StudyName);
        Assert.Equal(14, trials.Count(t => t.State == TrialState.Complete));
        Assert.All(trials, t => Assert.Equal(2, t.Values!.Count));
    }

    [Fact]
    public void BestPrintsTheParetoSetAsATableAndAsAJsonArray()
    {
        RunStudy(StudyName, 16, "--sampler", "nsga2");
        var front = Front();

        var table = Launcher.Run("best", StudyName, "--storage", _storage);
        var json = Launcher.Run("best", StudyName, "--storage", _storage, "--format", "json");

        Assert.Equal(0, table.ExitCode);
        Assert.Contains($"Pareto set of 'functions-zdt1' (minimize, minimize): {front.Count} of 16 complete trials.", table.Output);
        var rows = table.Output.Split('\n').Skip(3).Where(l => l.Trim().Length > 0).ToList();
        Assert.Equal(front.Select(t => t.Number.ToString(CultureInfo.InvariantCulture)), rows.Select(r => r.Trim().Split(' ')[0]));
        Assert.Equal(0, json.ExitCode);
        using var document = JsonDocument.Parse(json.Output);
        var entries = document.RootElement.EnumerateArray().ToList();
        Assert.Equal(front.Select(t => t.Number), entries.Select(e => e.GetProperty("trial").GetInt32()));
        Assert.Equal(front.Select(t => t.Values!.ToArray()), entries.Select(e => e.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray()));
        Assert.Equal(front.Select(t => (double)t.Params["x3"]), entries.Select(e => e.GetProperty("params").GetProperty("x3").GetDouble()));
    }

    [Fact]
    public void ShowHasAColumnPerObjectiveAndSortsByFront()
    {
        RunStudy(StudyName, 10, "--sampler", "random");
        var front = Front();

        var outcome = Launcher.Run("show", StudyName, "--storage", _storage, "--sort", "value", "--limit", front.Count.ToString(CultureInfo.InvariantCulture));
        var json = Launcher.Run("show", StudyName, "--storage", _storage, "--format", "json");

        Assert.Equal(0, outcome.ExitCode);
        var lines = outcome.Output.Split('\n');
        Assert.Matches(@"^\s*#\s+state\s+value 0\s+value 1\s+front\s", lines[0]);
        var rows = lines.Skip(2).Take(front.Count).ToList();
        Assert.Equal(front.Select(t => t.Number.ToString(CultureInfo.InvariantCulture)), rows.Select(r => r.Trim().Split(' ')[0]));
        Assert.All(rows, r => Assert.Contains(" * ", r));
        Assert.Contains(ValueText.Number(front[0].Values![1]), rows[0]);
        using var document = JsonDocument.Parse(json.Output);
        Assert.Equal(["minimize", "minimize"], document.RootElement.GetProperty("directions").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(2, document.RootElement.GetProperty("trials")[0].GetProperty("values").GetArrayLength());
    }

    [Fact]
    public void ExportWritesAValuesColumnPerObjective()
    {
        RunStudy("functions-dtlz2", 6, "--sampler", "random");

        var outcome = Launcher.Run("export", "functions-dtlz2", "--storage", _storage, "--format", "csv");

        Assert.Equal(0, outcome.ExitCode);
        var lines = outcome.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("number,state,values_0,values_1,values_2,datetime_start,", lines[0]);
        using var storage = new LiteDbStorage(_storage);
        var first = storage.GetAllTrials("functions-dtlz2")[0];
        Assert.StartsWith("0,Complete," + string.Join(",", first.Values!.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + ",", lines[1]);
        Assert.Equal(7, lines.Length);
    }

    [Fact]
    public void ExportAsJsonCarriesTheDirectionsTheValuesAndTheFront()
    {
        RunStudy(StudyName, 6, "--sampler", "random");

        var outcome = Launcher.Run("export", StudyName, "--storage", _storage, "--format", "json");

        Assert.Equal(0, outcome.ExitCode);
        using var document = JsonDocument.Parse(outcome.Output);
        var root = document.RootElement;
        Assert.Equal(["minimize", "minimize"], root.GetProperty("directions").EnumerateArray().Select(d => d.GetString()));
        Assert.False(root.TryGetProperty("direction", out _));
        Assert.All(root.GetProperty("trials").EnumerateArray(), t => Assert.Equal(2, t.GetProperty("values").GetArrayLength()));
        Assert.Equal(Front().Select(t => t.Number), root.GetProperty("pareto_front").EnumerateArray().Select(n => n.GetInt32()));
    }

    [Fact]
    public void ReportDrawsTheParetoFrontAndTheHypervolumeInsteadOfOneObjectivesPlots()
    {
        RunStudy(StudyName, 8, "--sampler", "random");
        var folder = _directory.File("report");

        var outcome = Launcher.Run("report", StudyName, "--storage", _storage, "--out", folder);

        Assert.Equal(0, outcome.ExitCode);
        Assert.True(File.Exists(Path.Combine(folder, "pareto.png")));
        Assert.True(File.Exists(Path.Combine(folder, "hypervolume.png")));
        Assert.False(File.Exists(Path.Combine(folder, "history.png")));
        var page = File.ReadAllText(Path.Combine(folder, "report.html"));
        Assert.Contains($"Pareto front: {Front().Count} of 8 complete trials", page);
        Assert.Contains("Directions: Minimize, Minimize", page);
    }

    public static TheoryData<string[], string> Refused => new()
    {
        { ["--sampler", "gp"], "invalid --sampler gp: study 'functions-zdt1' has 2 objectives (minimize, minimize), which it cannot optimise; use tpe, random, grid, tpe-group, tpe-multivariate, qmc, auto, nsga2" },
        { ["--pruner", "median"], "invalid --pruner median: study 'functions-zdt1' has 2 objectives (minimize, minimize), and pruning compares one objective; use --pruner none" },
        { ["--intensify"], "invalid --intensify: study 'functions-zdt1' has 2 objectives (minimize, minimize), and intensification ranks configurations by one objective; run without it" },
        { ["--confirm", "2,2"], "invalid --confirm: study 'functions-zdt1' has 2 objectives (minimize, minimize), and a confirmation ranks configurations by one objective; run without it" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void WhatServesOneObjectiveOnlyIsRefusedInOneLineBeforeAnythingIsStored(string[] option, string message)
    {
        var outcome = RunStudy(StudyName, 4, option);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal(message, Assert.Single(outcome.ErrorLines).Replace("metaopt: ", "", StringComparison.Ordinal));
        Assert.False(File.Exists(_storage));
    }
}
