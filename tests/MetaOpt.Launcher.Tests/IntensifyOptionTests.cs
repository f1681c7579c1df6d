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
        Assert.Equal(0, Launcher.Run("run", "functions-noisy-branin", "--trials", "12", "--intensify", "2", "--seed", "3", "--storage", _storage).ExitCode);

        var resumed = Launcher.Run("run", "functions-noisy-branin", "--trials", "30", "--seed", "3", "--storage", _storage);

        Assert.Equal(0, resumed.ExitCode);
        using var storage = LiteDbStorage.OpenReadOnly(_storage);
        var study = Study.Load("functions-noisy-branin", new StudyOptions { Storage = storage });
        var trials = study.Trials;
        Assert.Equal(30, trials.Count);
        // Every configuration of the resumed run was raced on the shared seeds, and the incumbent kept to --intensify 2.
        Assert.All(trials, t => Assert.Equal(BaselineRuns.Configuration, Convert.ToInt32(t.SystemAttrs[Study.SeedsOfAttr])));
        Assert.All(trials.GroupBy(t => t.Configuration), g => Assert.InRange(g.Count(), 1, 2));
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
