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
        Assert.Equal(stored + 10, trials.Count(t => t.State is TrialState.Complete or TrialState.Failed));
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
