using Xunit.Abstractions;

namespace MetaOpt.FaultInjection.Tests;

/// <summary>
/// SIGINT (Ctrl+C) and SIGTERM during a trial, during the baselines and during the report write: the launcher stops
/// with 130 or 143 and one line, leaves no Running trial, re-runs the interrupted trial on resume without counting it,
/// and leaves the report folder whole or absent.
/// </summary>
public sealed class InterruptTests(BaselinedStudy prepared, ITestOutputHelper output) : IClassFixture<BaselinedStudy>
{
    public static TheoryData<string> Signal => new() { "SIGINT", "SIGTERM" };

    [Theory]
    [MemberData(nameof(Signal))]
    public void MidTrial(string signal)
    {
        using var directory = new WorkDirectory();
        prepared.CopyTo(directory.Path);
        int interrupted;
        using (var child = LauncherChild.Start(directory.Path, BaselinedStudy.Command(3)))
        {
            var started = child.WaitForLine(line => line.StartsWith("trial ", StringComparison.Ordinal) && line.EndsWith(" started", StringComparison.Ordinal));
            Assert.NotNull(started);
            interrupted = int.Parse(started.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
            // At once: on a quiet machine a trial of this study finishes in about a second.
            AssertStoppedCleanly(child, signal);
        }
        var stopped = Exporter.Trials(directory.Path, BaselinedStudy.Study, "s.db");
        Assert.DoesNotContain(stopped, t => t.State == "Running");
        var trial = stopped.Single(t => t.Number == interrupted);
        Assert.True(trial.State is not ("Complete" or "Pruned"), $"trial {interrupted} finished before the signal reached it: nothing was tested");
        Assert.DoesNotContain(trial, ExportedTrial.Finished(stopped));

        var resumed = LauncherChild.Run(directory.Path, BaselinedStudy.Command(3));
        Assert.True(resumed.ExitCode == 0, $"the resumed run failed: {resumed}");
        var all = Exporter.Trials(directory.Path, BaselinedStudy.Study, "s.db");
        Assert.Equal(3, ExportedTrial.Finished(all).Count);
        Assert.Contains(ExportedTrial.RetriesOf(all.Single(t => t.Number == interrupted), all), t => t.State is "Complete" or "Pruned");
        Assert.DoesNotContain(all, t => t.State is "Running" or "Waiting");
    }

    [Theory]
    [MemberData(nameof(Signal))]
    public void DuringTheBaselines(string signal)
    {
        using var directory = new WorkDirectory();
        using var child = LauncherChild.Start(directory.Path, BaselinedStudy.Command(2));
        // At once when the baselines start: on a quiet machine they and both trials take under a second.
        Assert.NotNull(child.WaitForLine(line => line.StartsWith("Baselines (once per study)", StringComparison.Ordinal)));
        AssertStoppedCleanly(child, signal);
        Assert.DoesNotContain(Exporter.Trials(directory.Path, BaselinedStudy.Study, "s.db"), t => t.State == "Running");
    }

    [Theory]
    [MemberData(nameof(Signal))]
    public void DuringTheReportWrite(string signal)
    {
        using var directory = new WorkDirectory();
        // A finished study large enough that its report takes seconds to write, so the signal lands while it does
        // (the one-trial study's report could be done within the pause, or the signal could reach a process that
        // had already finished its work and was exiting).
        string[] command = ["run", "functions-branin", "--sampler", "random", "--trials", "1500", "--storage", "s.db"];
        Assert.Equal(0, LauncherChild.Run(directory.Path, command).ExitCode);
        using var child = LauncherChild.Start(directory.Path, [.. command, "--report", "report"]);
        Assert.NotNull(child.WaitForLine(line => line.StartsWith("Best value", StringComparison.Ordinal)));
        Thread.Sleep(300);
        AssertStoppedCleanly(child, signal);
        Assert.Null(ReportFolder.Problem(directory.File("report")));
    }

    private void AssertStoppedCleanly(LauncherChild child, string signal)
    {
        if (child.HasExited)
            Assert.Fail($"the launcher ended before the {signal}: {child.SoFar()}");
        var (number, exitCode) = signal == "SIGINT" ? (Signals.Interrupt, 130) : (Signals.Terminate, 143);
        child.Signal(number);
        var outcome = child.WaitForExit();
        output.WriteLine($"{signal}: {outcome}");
        Assert.True(outcome.ExitCode == exitCode, $"{signal} should exit with {exitCode}: {outcome}");
        Assert.True(outcome.ErrorLines.Length == 1 && outcome.ErrorLines[0].StartsWith("metaopt: ", StringComparison.Ordinal),
            $"{signal} should print one 'metaopt: ' line on stderr: {outcome}");
        Assert.DoesNotContain("unexpected", outcome.Error, StringComparison.OrdinalIgnoreCase);
    }
}
