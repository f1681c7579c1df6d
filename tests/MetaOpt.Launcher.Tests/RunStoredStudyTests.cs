namespace MetaOpt.Launcher.Tests;

/// <summary>How 'metaopt run' treats the study already stored under its name: whose it is, and what its summary counts.</summary>
public sealed class RunStoredStudyTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly string _storage;

    public RunStoredStudyTests() => _storage = _directory.File("studies.db");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void RunRefusesAStudyThatAskCreatedAndChangesNothing()
    {
        File.WriteAllText(_directory.File("space.json"), """{"lr": {"type": "float", "low": 0.001, "high": 0.1, "log": true}}""");
        Assert.Equal(0, Launcher.Run("ask", "s", "--search-space", _directory.File("space.json"), "--storage", _storage).ExitCode);

        var run = Launcher.Run("run", "functions-branin", "--name", "s", "--trials", "3", "--storage", _storage);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            [$"metaopt: study 's' in '{_storage}' was made by 'metaopt ask' or the API, not by definition 'functions-branin': pass --name to store this run under another name"],
            run.ErrorLines);
        using var read = LiteDbStorage.OpenReadOnly(_storage);
        var trial = Assert.Single(read.GetAllTrials("s"));
        Assert.Equal(TrialState.Running, trial.State);
        Assert.Equal(["lr"], trial.Params.Keys);
        Assert.False(read.FindStudy("s")!.UserAttrs.ContainsKey("definition"));
    }

    [Fact]
    public void RunRefusesAStudyOfAnotherDefinition()
    {
        Assert.Equal(0, Launcher.Run("run", "functions-branin", "--name", "s", "--trials", "1", "--storage", _storage).ExitCode);

        var run = Launcher.Run("run", "functions-rosenbrock4", "--name", "s", "--trials", "2", "--storage", _storage);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            [$"metaopt: study 's' in '{_storage}' was made by definition 'functions-branin', not 'functions-rosenbrock4': pass --name to store this run under another name"],
            run.ErrorLines);
    }

    [Fact]
    public void TheSummaryCountsRunningAndWaitingTrialsSoItAddsUp()
    {
        Assert.Equal(0, Launcher.Run("run", "functions-branin", "--trials", "2", "--storage", _storage).ExitCode);
        using (var storage = new LiteDbStorage(_storage))
        {
            // A trial a worker elsewhere is running, and one enqueued for the next run.
            var study = Study.Load("functions-branin", new StudyOptions { Storage = storage });
            study.AskExternal();
            study.EnqueueTrial(new Dictionary<string, object> { ["x1"] = 1.0, ["x2"] = 2.0 });
        }

        var run = Launcher.Run("run", "functions-branin", "--trials", "2", "--storage", _storage);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains($"Study 'functions-branin': 4 trials (2 complete, 0 pruned, 0 failed, 1 running, 1 waiting) in '{_storage}'.", run.Output);
    }
}
