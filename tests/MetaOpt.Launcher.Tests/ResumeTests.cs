using System.Diagnostics;
using System.Text.RegularExpressions;

namespace MetaOpt.Launcher.Tests;

/// <summary>The launcher as a real child process, stopped mid-study, then resumed with the same command.</summary>
public sealed class ResumeTests : IDisposable
{
    private const string StudyName = "functions-ackley5";
    private readonly TemporaryDirectory _directory = new();
    private readonly string _storage;

    public ResumeTests() => _storage = _directory.File("studies.db");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void KilledRunLeavesAStorageThatTheSameCommandResumes()
    {
        using (var child = StartUntilTrialsComplete(25))
        {
            child.Kill(entireProcessTree: true);
            child.WaitForExit();
        }
        int stored;
        using (var storage = new LiteDbStorage(_storage))
            stored = storage.GetAllTrials(StudyName).Count;

        var resumed = Launcher.Run(Arguments(stored + 10));

        Assert.Equal(0, resumed.ExitCode);
        using var reopened = new LiteDbStorage(_storage);
        var trials = reopened.GetAllTrials(StudyName);
        // A trial the kill left Running is failed and evaluated again; only its retry counts as finished.
        Assert.Equal(stored + 10, Study.Load(StudyName, new StudyOptions { Storage = reopened }).FinishedTrialCount);
        Assert.DoesNotContain(trials, t => t.State is TrialState.Running or TrialState.Waiting);
        Assert.Equal(Enumerable.Range(0, trials.Count), trials.Select(t => t.Number));
    }

    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public void SignalStopsCleanlyWithItsExitCodeAndNoTrialLeftRunning(string signal, int exitCode)
    {
        using var child = StartUntilTrialsComplete(10);
        Signal(child, signal);
        Assert.True(child.WaitForExit(TimeSpan.FromSeconds(30)), $"the launcher did not stop after SIG{signal}");

        Assert.Equal(exitCode, child.ExitCode);
        var error = Assert.Single(child.StandardError.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches($"^metaopt: interrupted; [0-9]+ trials are stored in '{Regex.Escape(_storage)}': run the same command to resume$", error);
        using var storage = new LiteDbStorage(_storage);
        Assert.DoesNotContain(storage.GetAllTrials(StudyName), t => t.State == TrialState.Running);
    }

    [Fact]
    public void InterruptDuringTheBaselinesSaysHowToResume()
    {
        var start = LauncherStart(["run", "synthetic-cold-start", "--trials", "1", "--epochs", "1", "--storage", _storage]);
        using var child = Process.Start(start)!;
        // The data line comes just before the study is stored and the baselines are trained (seconds on a small machine).
        while (child.StandardOutput.ReadLine() is { } line && !line.StartsWith("Data:", StringComparison.Ordinal))
        {
        }
        _ = child.StandardOutput.ReadToEndAsync();
        Signal(child, "INT");
        Assert.True(child.WaitForExit(TimeSpan.FromSeconds(60)), "the launcher did not stop after SIGINT");

        Assert.Equal(130, child.ExitCode);
        var error = Assert.Single(child.StandardError.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("metaopt: interrupted; ", error);
        Assert.EndsWith("run the same command to resume", error);
    }

    [Fact]
    public void ResumeSaysWhichAbandonedTrialsAreEvaluatedAgainAndWhichAreUsedUp()
    {
        Assert.Equal(0, Launcher.Run(Arguments(2)).ExitCode);
        // As a killed run leaves them: Running, owned by a process that is gone (this pid with another start time).
        var gone = $"{Environment.MachineName}:{Environment.ProcessId}:1";
        using (var storage = new LiteDbStorage(_storage))
        {
            storage.CreateTrial(StudyName, TrialState.Running, new Dictionary<string, object> { ["owner"] = gone });
            storage.CreateTrial(StudyName, TrialState.Running, new Dictionary<string, object> { ["owner"] = gone, ["retry_count"] = 2 });
        }

        var resumed = Launcher.Run(Arguments(4));

        Assert.Equal(0, resumed.ExitCode);
        Assert.Contains("Trial 2 of an interrupted run was marked failed; its configuration will be evaluated again (trial 4).", resumed.Output);
        Assert.Contains("Trial 3 of an interrupted run was marked failed; failed 3 times; not retried (MaxRetries 2).", resumed.Output);
        // Trial 2 is superseded by its retry, so it does not count: 2 complete + used-up trial 3 + retry 4 make 4.
        Assert.Contains("Resuming 'functions-ackley5': 3 of 4 trials finished, running 1 more.", resumed.Output);
        using var reopened = new LiteDbStorage(_storage);
        Assert.Equal(
            [TrialState.Complete, TrialState.Complete, TrialState.Failed, TrialState.Failed, TrialState.Complete],
            reopened.GetAllTrials(StudyName).Select(t => t.State));
    }

    private static void Signal(Process child, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    private static ProcessStartInfo LauncherStart(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "MetaOpt.Launcher"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        return start;
    }

    private string[] Arguments(int trials) =>
        ["run", StudyName, "--trials", trials.ToString(System.Globalization.CultureInfo.InvariantCulture), "--storage", _storage, "--sampler", "random"];

    /// <summary>Starts a long study in a child launcher and returns once it has printed <paramref name="count"/> completed trials.</summary>
    private Process StartUntilTrialsComplete(int count)
    {
        var child = Process.Start(LauncherStart(Arguments(1_000_000)))!;
        var completed = 0;
        while (completed < count && child.StandardOutput.ReadLine() is { } line)
            if (line.Contains(" complete ", StringComparison.Ordinal))
                completed++;
        Assert.Equal(count, completed);
        // Keep draining stdout so the child never blocks on a full pipe while it is being stopped.
        _ = child.StandardOutput.ReadToEndAsync();
        return child;
    }
}
