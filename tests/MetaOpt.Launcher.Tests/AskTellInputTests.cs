namespace MetaOpt.Launcher.Tests;

/// <summary>What ask, tell and report-value take from a script: values, steps, search-space files and parameter names.</summary>
public sealed class AskTellInputTests : IDisposable
{
    private const string Space = """{"x": {"type": "float", "low": -5, "high": 5}}""";

    private readonly TemporaryDirectory _directory = new();
    private readonly string _storage;
    private readonly string _space;

    public AskTellInputTests()
    {
        _storage = _directory.File("studies.db");
        _space = _directory.File("space.json");
        File.WriteAllText(_space, Space);
    }

    public void Dispose() => _directory.Dispose();

    private LauncherOutcome Ask() => Launcher.Run("ask", "s", "--search-space", _space, "--storage", _storage);

    private IReadOnlyList<FrozenTrial> Trials()
    {
        using var read = LiteDbStorage.OpenReadOnly(_storage);
        return read.GetAllTrials("s");
    }

    [Theory]
    [InlineData("inf")]
    [InlineData("-inf")]
    [InlineData("Infinity")]
    [InlineData("1e999")]
    [InlineData("nan")]
    [InlineData("NaN")]
    public void EveryNonFiniteSpellingIsReadAndFailsTheToldTrialAsOptimizeWould(string text)
    {
        Assert.Equal(0, Ask().ExitCode);
        Assert.Equal(0, Launcher.Run("report-value", "s", "0", "--step", "0", "--value", text, "--storage", _storage).ExitCode);

        var told = Launcher.Run("tell", "s", "0", "--value", text, "--storage", _storage);

        Assert.True(told.ExitCode == 0, told.Error);
        Assert.StartsWith("trial 0: failed: The objective returned ", told.Output);
        var trial = Assert.Single(Trials());
        Assert.Equal(TrialState.Failed, trial.State);
        Assert.Null(trial.Value);
        Assert.False(double.IsFinite(trial.IntermediateValues[0]));
        Assert.Equal(text.Contains("nan", StringComparison.OrdinalIgnoreCase), double.IsNaN(trial.IntermediateValues[0]));
    }

    [Fact]
    public void AValueThatIsNoNumberIsOneLineAndStoresNothing()
    {
        Assert.Equal(0, Ask().ExitCode);

        var told = Launcher.Run("tell", "s", "0", "--value", "infinite", "--storage", _storage);

        Assert.Equal(2, told.ExitCode);
        Assert.Equal(
            ["metaopt: invalid --value 'infinite': use a number such as 0.25 or 1e-3, or nan, inf or -inf (tell fails a trial whose value is not finite); in a multi-objective study one per objective, separated by commas (see 'metaopt tell --help')"],
            told.ErrorLines);
        Assert.Equal(TrialState.Running, Assert.Single(Trials()).State);
    }

    [Fact]
    public void ASecondReportOfAStepIsIgnoredAndAPrunedTrialSaysItsLastStep()
    {
        Assert.Equal(0, Ask().ExitCode);
        Assert.Equal(0, Launcher.Run("report-value", "s", "0", "--step", "0", "--value", "0.5", "--storage", _storage).ExitCode);
        Assert.Equal(0, Launcher.Run("report-value", "s", "0", "--step", "4", "--value", "0.25", "--storage", _storage).ExitCode);

        // As in Optuna, the first value of a step stands; the pruner is still asked.
        var again = Launcher.Run("report-value", "s", "0", "--step", "4", "--value", "9", "--storage", _storage);
        Assert.Equal(0, again.ExitCode);
        Assert.Equal("continue", again.Output.Trim());
        Assert.Equal(["metaopt: warning: trial 0 of 's' already has the value 0.25 at step 4; 9 was ignored (the first report of a step stands)"],
            again.ErrorLines);

        var pruned = Launcher.Run("tell", "s", "0", "--state", "pruned", "--storage", _storage);
        Assert.True(pruned.ExitCode == 0, pruned.Error);
        Assert.Equal("trial 0: pruned at epoch 4 (0.25)", pruned.Output.Trim());
        var trial = Assert.Single(Trials());
        Assert.Equal(new Dictionary<int, double> { [0] = 0.5, [4] = 0.25 }, trial.IntermediateValues);
        Assert.Equal(0.25, trial.Value);
    }

    [Fact]
    public void ASearchSpaceThatIsADirectoryOrEndlessIsOneLineAndStoresNothing()
    {
        var directory = Launcher.Run("ask", "s", "--search-space", _directory.Path, "--storage", _storage);
        Assert.Equal(2, directory.ExitCode);
        Assert.Equal([$"metaopt: cannot read the search space '{_directory.Path}': it is a directory; pass a JSON file"], directory.ErrorLines);

        if (File.Exists("/dev/zero"))
        {
            var endless = Launcher.Run("ask", "s", "--search-space", "/dev/zero", "--storage", _storage);
            Assert.Equal(2, endless.ExitCode);
            Assert.Equal(["metaopt: cannot read the search space '/dev/zero': it is larger than 1 MiB, which no search space needs"], endless.ErrorLines);
        }
        Assert.False(File.Exists(_storage));
    }

    [Theory]
    [InlineData("""{"a\nb": {"type": "float", "low": 0, "high": 1}}""", ": parameter name 'a\\u000Ab'")]
    [InlineData("""{"a\u001b[31m": {"type": "int", "low": 0, "high": 1}}""", ": parameter name 'a\\u001B[31m'")]
    [InlineData("""{"opt": {"type": "categorical", "choices": ["adam", "s\ngd"]}}""", ", parameter 'opt': choice 's\\u000Agd'")]
    public void ANameOrChoiceThatWouldBreakAsksLinesIsRefused(string json, string what)
    {
        File.WriteAllText(_space, json);

        var asked = Ask();

        Assert.Equal(2, asked.ExitCode);
        Assert.Equal([$"metaopt: search space '{_space}'{what} has a control character: use printable characters"], asked.ErrorLines);
        Assert.False(File.Exists(_storage));
    }

    [Theory]
    [InlineData("type")]
    [InlineData("kind")]
    public void TheDocumentedSearchSpaceIsReadTaggedWithTypeOrWithKindAsTheEngineWritesIt(string tag)
    {
        File.WriteAllText(_space, $$$"""
            {"lr": {"{{{tag}}}": "float", "low": 1e-5, "high": 0.1, "log": true},
             "dropout": {"{{{tag}}}": "float", "low": 0.0, "high": 0.5, "step": 0.05},
             "layers": {"{{{tag}}}": "int", "low": 1, "high": 8},
             "batch": {"{{{tag}}}": "int", "low": 16, "high": 256, "step": 16},
             "opt": {"{{{tag}}}": "categorical", "choices": ["adam", 3, 0.5, true]}}
            """);

        var asked = Ask();

        Assert.True(asked.ExitCode == 0, asked.Error);
        var trial = Assert.Single(Trials());
        Assert.Equal(new FloatDistribution(1e-5, 0.1, log: true), trial.Distributions["lr"]);
        Assert.Equal(new FloatDistribution(0, 0.5, step: 0.05), trial.Distributions["dropout"]);
        Assert.Equal(new IntDistribution(1, 8), trial.Distributions["layers"]);
        Assert.Equal(new IntDistribution(16, 256, step: 16), trial.Distributions["batch"]);
        var opt = (CategoricalDistribution)trial.Distributions["opt"];
        Assert.Equal([typeof(string), typeof(int), typeof(double), typeof(bool)], opt.Choices.Select(c => c.GetType()));
    }
}
