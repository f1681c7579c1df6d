namespace MetaOpt.Launcher.Tests;

/// <summary>Each way a command line can be wrong ends in one line on stderr, a non-zero exit code and an untouched storage.</summary>
public sealed class ErrorCaseTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void UnknownStudyNamesTheKnownOnes()
    {
        var outcome = Launcher.Run("run", "no-such-study", "--storage", _directory.File("s.db"));

        Assert.Equal(2, outcome.ExitCode);
        var line = Assert.Single(outcome.ErrorLines);
        Assert.Contains("unknown study 'no-such-study'", line);
        Assert.Contains("functions-branin", line);
        Assert.False(File.Exists(_directory.File("s.db")));
    }

    [Fact]
    public void UnknownSamplerNamesTheAllowedOnes()
    {
        var outcome = Launcher.Run("run", "functions-branin", "--sampler", "motpe", "--storage", _directory.File("s.db"));

        Assert.Equal(2, outcome.ExitCode);
        var line = Assert.Single(outcome.ErrorLines);
        Assert.Contains("unknown sampler 'motpe'", line);
        Assert.Contains("tpe, random, grid, gp, tpe-group, tpe-multivariate, qmc, cmaes, rf, pso, nelder-mead, auto, nsga2", line);
    }

    [Fact]
    public void MissingDataDirectoryIsNamed()
    {
        var missing = _directory.File("ml-100k");

        var outcome = Launcher.Run("run", "functions-branin", "--data", missing, "--storage", _directory.File("s.db"));

        Assert.Equal(2, outcome.ExitCode);
        var line = Assert.Single(outcome.ErrorLines);
        Assert.Contains($"data directory '{missing}' does not exist", line);
    }

    [Fact]
    public void StorageThatIsNotLiteDbIsRefusedAndLeftAsItWas()
    {
        var path = _directory.File("notes.db");
        var content = string.Join('\n', Enumerable.Repeat("these are my notes, not a database", 400));
        File.WriteAllText(path, content);

        var run = Launcher.Run("run", "functions-branin", "--trials", "2", "--storage", path);
        var list = Launcher.Run("list", "--storage", path);

        Assert.All([run, list], outcome =>
        {
            Assert.Equal(1, outcome.ExitCode);
            var line = Assert.Single(outcome.ErrorLines);
            Assert.Contains(path, line);
        });
        Assert.Equal(content, File.ReadAllText(path));
    }

    [Fact]
    public void LockedStorageNamesTheHolderAndIsLeftUsable()
    {
        var path = _directory.File("s.db");
        Assert.Equal(0, Launcher.Run("run", "functions-branin", "--trials", "3", "--storage", path).ExitCode);

        LauncherOutcome outcome;
        using (new LiteDbStorage(path))
            outcome = Launcher.Run("run", "functions-branin", "--trials", "6", "--storage", path);

        Assert.Equal(1, outcome.ExitCode);
        var line = Assert.Single(outcome.ErrorLines);
        Assert.Contains(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), line);
        using var storage = new LiteDbStorage(path);
        Assert.Equal(3, storage.GetAllTrials("functions-branin").Count);
    }

    [Fact]
    public void MissingStorageForReadingCommandsSaysHowToCreateOne()
    {
        var path = _directory.File("none.db");

        var outcome = Launcher.Run("show", "functions-branin", "--storage", path);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("does not exist", Assert.Single(outcome.ErrorLines));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void UnknownStoredStudyListsTheStoredOnes()
    {
        var path = _directory.File("s.db");
        Launcher.Run("run", "functions-branin", "--trials", "2", "--storage", path);

        var outcome = Launcher.Run("best", "functions-mixed", "--storage", path);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("it has functions-branin", Assert.Single(outcome.ErrorLines));
    }

    [Fact]
    public void WarmStartFromAMissingStudyIsOneLine()
    {
        var outcome = Launcher.Run("run", "functions-branin", "--sampler", "gp", "--warm-start", "nothing", "--storage", _directory.File("s.db"));

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("cannot warm-start from 'nothing'", Assert.Single(outcome.ErrorLines));
        Assert.False(File.Exists(_directory.File("s.db")));
    }
}
