namespace MetaOpt.Launcher.Tests;

/// <summary>
/// <c>run --isolation</c> and the per-trial limits are checked before anything is stored. The workers themselves
/// (crashes, timeouts, memory caps, kills) are tested against the real launcher in MetaOpt.FaultInjection.Tests.
/// </summary>
public sealed class IsolationOptionTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(new[] { "--trial-timeout", "2s" }, "metaopt: --trial-timeout needs --isolation process: a trial running as a thread cannot be stopped or capped alone")]
    [InlineData(new[] { "--isolation", "thread", "--trial-memory", "1G" }, "metaopt: --trial-memory needs --isolation process: a trial running as a thread cannot be stopped or capped alone")]
    [InlineData(new[] { "--isolation", "fork" }, "metaopt: unknown isolation 'fork': use one of thread, process")]
    [InlineData(new[] { "--isolation", "process", "--trial-memory", "10M" }, "metaopt: invalid --trial-memory '10M': use a size of at least 64M, such as 200M, 8G or 1.5G (K, M, G, T are powers of 1024)")]
    [InlineData(new[] { "--isolation", "process", "--trial-timeout", "soon" }, "metaopt: invalid --trial-timeout 'soon': use a positive duration up to 365d, such as 90s, 30m, 2h or 1h30m")]
    public void BadIsolationSettingsAreRefusedBeforeAnythingIsStored(string[] options, string line)
    {
        var storage = _directory.File("s.db");

        var outcome = Launcher.Run(["run", "functions-branin", "--trials", "1", "--storage", storage, .. options]);

        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith(line, Assert.Single(outcome.ErrorLines));
        Assert.False(File.Exists(storage));
    }

    [Fact]
    public void TheWorkerModeIsNotForPeople()
    {
        var outcome = Launcher.Run("worker", "functions-branin");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal(["metaopt: 'metaopt worker' is started by 'metaopt run --isolation process', not by hand"], outcome.ErrorLines);
    }

    [Fact]
    public void ProcessIsolatedTrialsCompleteLikeThreadedOnes()
    {
        var storage = _directory.File("s.db");

        var outcome = Launcher.Run("run", "functions-branin", "--trials", "3", "--parallel", "2", "--isolation", "process", "--storage", storage);

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        using var stored = new LiteDbStorage(storage);
        var trials = stored.GetAllTrials("functions-branin");
        Assert.Equal(3, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.All(trials, t => Assert.Equal(2, t.Params.Count));
    }
}
