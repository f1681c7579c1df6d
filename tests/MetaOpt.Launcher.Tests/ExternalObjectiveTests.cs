using System.Diagnostics;
using System.Globalization;
using MetaOpt.TestSupport;

namespace MetaOpt.Launcher.Tests;

/// <summary>ask, tell and report-value: a program outside MetaOpt tuned one call at a time.</summary>
public sealed class ExternalObjectiveTests : IDisposable
{
    private const string Space = """
        {"x": {"type": "float", "low": -5, "high": 5}, "depth": {"type": "int", "low": 1, "high": 8, "step": 1},
         "opt": {"type": "categorical", "choices": ["adam", "sgd"]}}
        """;

    // Five complete trials (the median pruner's start-up), one whose curve is far worse (pruned at step 2, the first
    // step past the pruner's warm-up), and one asked first and left open across all the other calls, then failed:
    // the later asks, in other processes, must not take it for an abandoned trial.
    private const string Script = """
        set -euo pipefail
        open=$(metaopt ask quad --search-space space.json --sampler random --seed 3 | sed -n 's/^trial=//p')
        for i in 0 1 2 3 4 5; do
          out=$(metaopt ask quad --search-space space.json)
          trial=$(echo "$out" | sed -n 's/^trial=//p')
          x=$(echo "$out" | sed -n 's/^x=//p')
          pruned=0
          for step in 0 1 2; do
            if [ "$i" -eq 5 ]; then v=100; else v=$(awk -v x="$x" -v s="$step" 'BEGIN { printf "%.17g", (x - 2) ^ 2 + 1 / (s + 1) }'); fi
            if metaopt report-value quad "$trial" --step "$step" --value "$v" > /dev/null; then :; else
              rc=$?; [ "$rc" -eq 3 ] || exit "$rc"; pruned=1; break
            fi
          done
          if [ "$pruned" -eq 1 ]; then metaopt tell quad "$trial" --state pruned; else metaopt tell quad "$trial" --value "$v"; fi
        done
        metaopt tell quad "$open" --state failed
        """;

    private readonly TemporaryDirectory _directory = new();

    [SkippableFact]
    public void AShellScriptTunesAStudyWithPruningThroughAskReportValueAndTell()
    {
        var bash = ExecutablePath.Find("bash");
        Requires.Tool(bash is not null && ExecutablePath.Find("awk") is not null, "bash and awk are needed on PATH to run the ask/tell script");
        File.WriteAllText(_directory.File("space.json"), Space);
        File.WriteAllText(_directory.File("tune.sh"), Script);
        var bin = Directory.CreateDirectory(_directory.File("bin")).FullName;
        // 'metaopt' on PATH, as a user has it: the launcher built beside these tests.
        File.WriteAllText(Path.Combine(bin, "metaopt"), $"#!/bin/sh\nexec '{Path.Combine(AppContext.BaseDirectory, "MetaOpt.Launcher")}' \"$@\"\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(Path.Combine(bin, "metaopt"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var start = new ProcessStartInfo(bash, ["tune.sh"])
        {
            WorkingDirectory = _directory.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PATH"] = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        using var script = Process.Start(start)!;
        var error = script.StandardError.ReadToEndAsync();
        var output = script.StandardOutput.ReadToEnd();
        script.WaitForExit();
        Assert.True(script.ExitCode == 0, $"script exited {script.ExitCode}: {error.Result}\n{output}");

        using var storage = LiteDbStorage.OpenReadOnly(_directory.File("studies.db"));
        var trials = storage.GetAllTrials("quad");
        Assert.Equal(
            [TrialState.Failed, TrialState.Complete, TrialState.Complete, TrialState.Complete, TrialState.Complete, TrialState.Complete, TrialState.Pruned],
            trials.Select(t => t.State));
        Assert.Null(trials[0].FailReason);
        foreach (var trial in trials.Where(t => t.State == TrialState.Complete))
        {
            var x = (double)trial.Params["x"];
            Assert.Equal((x - 2) * (x - 2) + 1.0 / 3, trial.Value!.Value, 12);
            Assert.Equal([0, 1, 2], trial.IntermediateValues.Keys);
            Assert.InRange((int)trial.Params["depth"], 1, 8);
            Assert.Contains(trial.Params["opt"], new object[] { "adam", "sgd" });
        }
        var pruned = trials[^1];
        Assert.Equal(100, pruned.Value);
        Assert.Equal([0, 1, 2], pruned.IntermediateValues.Keys);
        Assert.Equal(7, trials.Select(t => (double)t.Params["x"]).Distinct().Count());
        Assert.Equal("random", storage.FindStudy("quad")!.UserAttrs["sampler"]);
    }

    [Fact]
    public void AskPrintsJsonAndAMalformedSearchSpaceStoresNothing()
    {
        var storage = _directory.File("studies.db");
        File.WriteAllText(_directory.File("bad.json"), """{"lr": {"type": "float", "low": 0.1}}""");
        var bad = Launcher.Run("ask", "s", "--search-space", _directory.File("bad.json"), "--storage", storage);
        Assert.Equal(2, bad.ExitCode);
        Assert.Equal([$"metaopt: search space '{_directory.File("bad.json")}', parameter 'lr': \"high\" must be a number"], bad.ErrorLines);
        Assert.False(File.Exists(storage));

        File.WriteAllText(_directory.File("space.json"), Space);
        var asked = Launcher.Run("ask", "s", "--search-space", _directory.File("space.json"), "--storage", storage, "--json", "--direction", "maximize");
        Assert.Equal(0, asked.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(asked.Output);
        Assert.Equal(0, json.RootElement.GetProperty("trial").GetInt32());
        Assert.Equal(["x", "depth", "opt"], json.RootElement.GetProperty("params").EnumerateObject().Select(p => p.Name));

        var flipped = Launcher.Run("ask", "s", "--search-space", _directory.File("space.json"), "--storage", storage, "--direction", "minimize");
        Assert.Equal(2, flipped.ExitCode);
        Assert.Equal([$"metaopt: study 's' in '{storage}' is maximized; --direction cannot change it (use another study name)"], flipped.ErrorLines);
    }

    [Fact]
    public void TellRefusesWhatCannotBeToldAndChangesNothing()
    {
        var storage = _directory.File("studies.db");
        File.WriteAllText(_directory.File("space.json"), Space);
        Assert.Equal(0, Launcher.Run("ask", "s", "--search-space", _directory.File("space.json"), "--storage", storage).ExitCode);

        var noValue = Launcher.Run("tell", "s", "0", "--storage", storage);
        Assert.Equal(["metaopt: tell needs --value V for a complete trial, or --state pruned|failed"], noValue.ErrorLines);
        var both = Launcher.Run("tell", "s", "0", "--state", "failed", "--value", "1", "--storage", storage);
        Assert.Equal(2, both.ExitCode);
        var missing = Launcher.Run("tell", "s", "4", "--value", "1", "--storage", storage);
        Assert.Equal(["metaopt: cannot use trial 4 of 's': Study 's' has no trial 4; it has 1 trials."], missing.ErrorLines);

        Assert.Equal(0, Launcher.Run("tell", "s", "0", "--value", "0.5", "--storage", storage).ExitCode);
        var again = Launcher.Run("tell", "s", "0", "--value", "0.25", "--storage", storage);
        Assert.Equal(2, again.ExitCode);
        Assert.Equal(["metaopt: cannot use trial 0 of 's': Trial 0 of 's' is Complete, not Running."], again.ErrorLines);
        var late = Launcher.Run("report-value", "s", "0", "--step", "1", "--value", "0.1", "--storage", storage);
        Assert.Equal(2, late.ExitCode);

        using var read = LiteDbStorage.OpenReadOnly(storage);
        var trial = Assert.Single(read.GetAllTrials("s"));
        Assert.Equal(0.5, trial.Value);
        Assert.Empty(trial.IntermediateValues);
    }

    [Fact]
    public void AskAndTellRoundTripATwoObjectiveStudyAndAWrongCountOfValuesStoresNothing()
    {
        var storage = _directory.File("studies.db");
        File.WriteAllText(_directory.File("space.json"), Space);
        LauncherOutcome Ask(params string[] extra) => Launcher.Run(["ask", "mo", "--search-space", _directory.File("space.json"), "--storage", storage, .. extra]);

        var badDirection = Ask("--direction", "minimize,up");
        Assert.Equal(2, badDirection.ExitCode);
        Assert.Equal(["metaopt: unknown direction 'minimize,up': use minimize or maximize, one per objective separated by commas (see 'metaopt ask --help')"], badDirection.ErrorLines);
        var badPruner = Ask("--direction", "minimize,maximize", "--pruner", "median");
        Assert.Equal(["metaopt: invalid --pruner median: the study has 2 objectives (minimize, maximize), and pruning compares one objective; use --pruner none"], badPruner.ErrorLines);
        var badSampler = Ask("--direction", "minimize,maximize", "--sampler", "gp");
        Assert.Equal(2, badSampler.ExitCode);
        Assert.StartsWith("metaopt: invalid --sampler gp: the study has 2 objectives (minimize, maximize), which it cannot optimise; use ", Assert.Single(badSampler.ErrorLines));
        Assert.False(File.Exists(storage));

        Assert.Equal(0, Ask("--direction", "minimize,maximize", "--seed", "3").ExitCode);
        Assert.Equal(0, Ask().ExitCode);
        var changed = Ask("--direction", "minimize");
        Assert.Equal([$"metaopt: study 'mo' in '{storage}' has the directions minimize, maximize; --direction cannot change them (use another study name)"], changed.ErrorLines);

        var one = Launcher.Run("tell", "mo", "0", "--value", "0.5", "--storage", storage);
        Assert.Equal(2, one.ExitCode);
        Assert.Equal(["metaopt: invalid --value '0.5': study 'mo' has 2 objectives (minimize, maximize); give one number per objective, separated by commas"], one.ErrorLines);
        var three = Launcher.Run("tell", "mo", "0", "--value", "0.5,2,3", "--storage", storage);
        Assert.Equal(2, three.ExitCode);
        var report = Launcher.Run("report-value", "mo", "0", "--step", "0", "--value", "0.5", "--storage", storage);
        Assert.Equal(2, report.ExitCode);
        Assert.Equal(
            ["metaopt: study 'mo' has 2 objectives (minimize, maximize), and an intermediate value serves pruning, which compares one objective; tell the trial its values instead"],
            report.ErrorLines);
        using (var read = LiteDbStorage.OpenReadOnly(storage))
            Assert.All(read.GetAllTrials("mo"), t => Assert.Equal(TrialState.Running, t.State));

        var told = Launcher.Run("tell", "mo", "0", "--value", "0.5,2", "--storage", storage);
        Assert.Equal(0, told.ExitCode);
        Assert.Equal("trial 0: complete 0.5, 2", told.Output.Trim());
        Assert.Equal(0, Launcher.Run("tell", "mo", "1", "--value", "1, inf", "--storage", storage).ExitCode);
        var onOneObjective = Launcher.Run("tell", "mo", "1", "--value", "1", "--storage", storage);
        Assert.Equal(2, onOneObjective.ExitCode);

        using var stored = LiteDbStorage.OpenReadOnly(storage);
        Assert.Equal([Direction.Minimize, Direction.Maximize], stored.FindStudy("mo")!.Directions);
        Assert.Equal("none", stored.FindStudy("mo")!.UserAttrs["pruner"]);
        var trials = stored.GetAllTrials("mo");
        Assert.Equal([0.5, 2], trials[0].Values);
        Assert.Null(trials[0].Value);
        // A value that is not finite fails the trial, as for one objective.
        Assert.Equal(TrialState.Failed, trials[1].State);
    }

    [Fact]
    public void TellOnASingleObjectiveStudyRefusesSeveralValues()
    {
        var storage = _directory.File("studies.db");
        File.WriteAllText(_directory.File("space.json"), Space);
        Assert.Equal(0, Launcher.Run("ask", "s", "--search-space", _directory.File("space.json"), "--storage", storage).ExitCode);

        var two = Launcher.Run("tell", "s", "0", "--value", "0.5,1", "--storage", storage);

        Assert.Equal(2, two.ExitCode);
        Assert.Equal(["metaopt: invalid --value '0.5,1': study 's' has one objective; give one number"], two.ErrorLines);
        using var read = LiteDbStorage.OpenReadOnly(storage);
        Assert.Equal(TrialState.Running, Assert.Single(read.GetAllTrials("s")).State);
    }

    public void Dispose() => _directory.Dispose();
}
