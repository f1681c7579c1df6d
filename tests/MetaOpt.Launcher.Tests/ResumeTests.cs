using System.Diagnostics;

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
        // The killed trial is failed and re-run; only its re-run counts toward --trials.
        Assert.Equal(stored + 10, Study.Load(StudyName, new StudyOptions { Storage = reopened }).FinishedTrialCount);
        Assert.DoesNotContain(trials, t => t.State is TrialState.Running or TrialState.Waiting);
        Assert.Equal(Enumerable.Range(0, trials.Count), trials.Select(t => t.Number));
    }

    [Fact]
    public void InterruptStopsCleanlyWithExitCode130AndNoTrialLeftRunning()
    {
        using var child = StartUntilTrialsComplete(10);
        using (var kill = Process.Start("kill", ["-INT", child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            kill.WaitForExit();
        Assert.True(child.WaitForExit(TimeSpan.FromSeconds(30)), "the launcher did not stop after SIGINT");

        Assert.Equal(130, child.ExitCode);
        Assert.Contains("run the same command to resume", child.StandardError.ReadToEnd());
        using var storage = new LiteDbStorage(_storage);
        Assert.DoesNotContain(storage.GetAllTrials(StudyName), t => t.State == TrialState.Running);
    }

    private string[] Arguments(int trials) =>
        ["run", StudyName, "--trials", trials.ToString(System.Globalization.CultureInfo.InvariantCulture), "--storage", _storage, "--sampler", "random"];

    /// <summary>Starts a long study in a child launcher and returns once it has printed <paramref name="count"/> completed trials.</summary>
    private Process StartUntilTrialsComplete(int count)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "MetaOpt.Launcher"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in Arguments(1_000_000))
            start.ArgumentList.Add(argument);
        var child = Process.Start(start)!;
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
