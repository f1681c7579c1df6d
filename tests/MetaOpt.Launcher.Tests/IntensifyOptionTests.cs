using System.Text.Json;

namespace MetaOpt.Launcher.Tests;

/// <summary><c>run --intensify</c> end to end on the noisy Branin study.</summary>
public sealed class IntensifyOptionTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly string _storage;

    public IntensifyOptionTests() => _storage = _directory.File("s.db");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void AnIntensifiedRunSpendsItsTrialsOnRepeatsTooAndBestNamesTheIncumbent()
    {
        var run = Launcher.Run("run", "functions-noisy-branin", "--trials", "30", "--intensify", "--seed", "3", "--storage", _storage);
        Assert.Equal(0, run.ExitCode);
        // Resumed with a larger budget: the intensifier goes on from the stored trials.
        var resumed = Launcher.Run("run", "functions-noisy-branin", "--trials", "40", "--intensify", "--seed", "3", "--storage", _storage);
        Assert.Equal(0, resumed.ExitCode);
        Assert.Matches(@"Winner #\d+: mean \S+, 95% interval \S+ to \S+, 3 runs: x1=", resumed.Output);
        Assert.Matches(@"\d+ trials were intensification's repeats\.", resumed.Output);

        IReadOnlyList<FrozenTrial> trials;
        List<int> shared;
        // Closed before 'best' opens the file.
        using (var storage = new LiteDbStorage(_storage))
        {
            var study = Study.Load("functions-noisy-branin", new StudyOptions { Storage = storage });
            trials = study.Trials;
            shared = Enumerable.Range(0, 4).Select(k => study.SeedOf(BaselineRuns.Configuration, k)).ToList();
        }
        Assert.Equal(40, trials.Count);
        Assert.Contains(trials, t => t.SystemAttrs.ContainsKey(Study.IntensifyAttr));
        Assert.All(trials, t => Assert.Equal(shared[t.Repeat], t.Seed));
        var incumbent = trials.GroupBy(t => t.Configuration).MaxBy(g => g.Count())!;
        Assert.Equal(3, incumbent.Count());

        var best = Launcher.Run("best", "functions-noisy-branin", "--storage", _storage);
        Assert.Equal(0, best.ExitCode);
        using var json = JsonDocument.Parse(best.Output);
        var winner = json.RootElement.GetProperty("winner");
        Assert.Equal(3, winner.GetProperty("trials").GetArrayLength());
        var named = winner.GetProperty("configuration").GetInt32();
        Assert.Equal(3, trials.Count(t => t.Configuration == named));
        Assert.Equal(trials.Where(t => t.Configuration == named).Average(t => t.Value!.Value), winner.GetProperty("value").GetProperty("mean").GetDouble(), 9);
    }

    [Fact]
    public void AResumeWithoutTheOptionGoesOnIntensifyingAsTheStudyWasRun()
    {
        // Each run is a process of its own: nothing but the storage carries the setting from one to the next. TPE, not
        // the default auto's GP, whose kernel fit starts from the last one in the same process: a resumed GP proposes
        // within 1e-7 of an uninterrupted one, not exactly.
        LauncherOutcome Start(string storage, params string[] args) => Launcher.Start(_directory.Path,
            ["run", "functions-noisy-branin", "--seed", "3", "--sampler", "tpe", "--storage", _directory.File(storage), .. args], new Dictionary<string, string>());
        Assert.Equal(0, Start("whole.db", "--trials", "30", "--intensify", "2").ExitCode);
        Assert.Equal(0, Start("parts.db", "--trials", "12", "--intensify", "2").ExitCode);

        var resumed = Start("parts.db", "--trials", "30");

        Assert.Equal(0, resumed.ExitCode);
        using var whole = LiteDbStorage.OpenReadOnly(_directory.File("whole.db"));
        using var parts = LiteDbStorage.OpenReadOnly(_directory.File("parts.db"));
        var expected = whole.GetAllTrials("functions-noisy-branin");
        var actual = parts.GetAllTrials("functions-noisy-branin");
        Assert.Equal(30, actual.Count);
        // The same trials as one intensifying run: every configuration raced on the shared seeds, the incumbent kept to 2 runs.
        Assert.Equal(expected.Select(t => (t.Configuration, t.Repeat, t.Seed)), actual.Select(t => (t.Configuration, t.Repeat, t.Seed)));
        Assert.Equal(expected.Select(t => t.Params), actual.Select(t => t.Params));
        Assert.All(actual, t => Assert.Equal(BaselineRuns.Configuration, Convert.ToInt32(t.SystemAttrs[Study.SeedsOfAttr])));
        Assert.Contains(actual, t => t.SystemAttrs.ContainsKey(Study.IntensifyAttr));
        Assert.Matches(@"Winner #\d+: mean \S+, 95% interval \S+ to \S+, 2 runs: x1=", resumed.Output);
    }

    [Theory]
    [InlineData(new[] { "--intensify" }, new[] { "--intensify", "5" }, "invalid --intensify 5: study 'functions-noisy-branin' was run with --intensify 3; resume it with --intensify 3 or without the option")]
    [InlineData(new string[0], new[] { "--intensify" }, "invalid --intensify 3: study 'functions-noisy-branin' was run without intensification")]
    public void AResumeThatContradictsTheStoredIntensificationIsRefusedAndChangesNothing(string[] first, string[] then, string message)
    {
        Assert.Equal(0, Launcher.Run(["run", "functions-noisy-branin", "--trials", "6", "--storage", _storage, .. first]).ExitCode);
        var before = File.ReadAllBytes(_storage);

        var resumed = Launcher.Run(["run", "functions-noisy-branin", "--trials", "12", "--storage", _storage, .. then]);

        Assert.Equal(2, resumed.ExitCode);
        Assert.StartsWith($"metaopt: {message}", Assert.Single(resumed.ErrorLines));
        Assert.Equal(before, File.ReadAllBytes(_storage));
    }

    [Fact]
    public void ANoisyTrialRecordsItsNoiseFreeValueAndItsNoiseComesFromItsSeed()
    {
        var run = Launcher.Run("run", "functions-noisy-branin", "--trials", "3", "--seed", "1", "--storage", _storage);
        Assert.Equal(0, run.ExitCode);

        using var storage = new LiteDbStorage(_storage);
        var trials = Study.Load("functions-noisy-branin", new StudyOptions { Storage = storage }).Trials;
        var branin = new MetaOpt.Studies.Functions.BraninStudy();
        Assert.All(trials, t =>
        {
            var clean = Convert.ToDouble(t.UserAttrs["noise_free_value"]);
            Assert.Equal(branin.Evaluate(t.Params), clean, 12);
            Assert.NotEqual(clean, t.Value!.Value);
        });
    }
}
