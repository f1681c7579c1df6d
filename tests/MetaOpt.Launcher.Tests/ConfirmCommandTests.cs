namespace MetaOpt.Launcher.Tests;

/// <summary><c>metaopt run --confirm K,R</c>: the best configurations re-run with more seeds, beyond --trials, resumable.</summary>
public sealed class ConfirmCommandTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly string _storage;

    public ConfirmCommandTests() => _storage = _directory.File("studies.db");

    public void Dispose() => _directory.Dispose();

    private IReadOnlyList<FrozenTrial> Trials()
    {
        using var storage = LiteDbStorage.OpenReadOnly(_storage);
        return storage.GetAllTrials("functions-branin");
    }

    [Fact]
    public void ARunWithConfirmRepeatsTheBestDistinctConfigurationsBeyondItsTrialsAndARerunAddsNothing()
    {
        var run = Launcher.Run("run", "functions-branin", "--trials", "6", "--confirm", "2,3", "--storage", _storage, "--seed", "1");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Confirming the 2 best configurations with 3 more seeds each: 6 trials to run.", run.Output);
        var trials = Trials();
        Assert.Equal(12, trials.Count);
        var best = trials.Take(6).OrderBy(t => t.Value).Take(2).Select(t => t.Number).ToList();
        Assert.Equal(best.SelectMany(c => new[] { (c, 1), (c, 2), (c, 3) }), trials.Skip(6).Select(t => (t.Configuration, t.Repeat)));
        Assert.All(trials.Skip(6), t => Assert.Equal(trials[t.Configuration].Params, t.Params));
        Assert.Contains($"Winner: #{best[0]}", run.Output);
        // The closing lines name the winner as 'best' does, by its mean over its runs, not the luckiest single draw.
        Assert.Matches($@"Winner #{best[0]}: mean \S+, 95% interval \S+ to \S+, 4 runs: x1=", run.Output);
        Assert.DoesNotContain("Best value", run.Output);

        var again = Launcher.Run("run", "functions-branin", "--trials", "6", "--confirm", "2,3", "--storage", _storage, "--seed", "1");
        var plain = Launcher.Run("run", "functions-branin", "--trials", "6", "--storage", _storage, "--seed", "1");

        Assert.Equal(0, again.ExitCode);
        Assert.Contains("Confirming the 2 best configurations with 3 more seeds each: 0 trials to run.", again.Output);
        // The repeats are not search trials: the search's --trials 6 are done.
        Assert.Contains("already has 6 finished trials (asked for 6)", plain.Output);
        Assert.Equal(12, Trials().Count);
    }

    [Fact]
    public void AConfirmationLeftWaitingByAKilledRunIsFinishedWithoutNewRepeats()
    {
        Assert.Equal(0, Launcher.Run("run", "functions-branin", "--trials", "5", "--storage", _storage).ExitCode);
        using (var storage = new LiteDbStorage(_storage))
            // What a confirmation killed before its trials ran leaves behind.
            Study.Load("functions-branin", new StudyOptions { Storage = storage }).EnqueueConfirmation(top: 2, repeats: 2);

        var run = Launcher.Run("run", "functions-branin", "--trials", "5", "--confirm", "2,2", "--storage", _storage);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("4 trials to run (4 left by an earlier run).", run.Output);
        Assert.Equal(9, Trials().Count);
        Assert.All(Trials().Skip(5), t => Assert.Equal(TrialState.Complete, t.State));
    }

    [Fact]
    public void ConfirmRepeatsTheBestConfigurationsOfAStoredRunWithItsSettingsAndRunsNoMissingSearchTrial()
    {
        Assert.Equal(0, Launcher.Run("run", "functions-branin", "--trials", "5", "--storage", _storage, "--seed", "4").ExitCode);

        var confirm = Launcher.Run("confirm", "functions-branin", "--top", "2", "--repeats", "2", "--storage", _storage);
        var again = Launcher.Run("confirm", "functions-branin", "--top", "2", "--repeats", "3", "--storage", _storage);

        Assert.Equal(0, confirm.ExitCode);
        Assert.Contains("4 trials to run.", confirm.Output);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("2 trials to run.", again.Output);
        var trials = Trials();
        Assert.Equal(11, trials.Count);
        Assert.Equal([1, 2, 1, 2, 3, 3], trials.Skip(5).Select(t => t.Repeat));
        // Each confirmed configuration: its first trial and three repeats, four seeds.
        Assert.All(trials.Skip(5).GroupBy(t => t.Configuration), g => Assert.Equal(4, trials.Where(t => t.Configuration == g.Key).Select(t => t.Seed).Distinct().Count()));
        Assert.Contains("Winner: #", again.Output);
    }

    [Fact]
    public void ConfirmRefusesAStudyThatTheLauncherCannotTrainAndChangesNothing()
    {
        File.WriteAllText(_directory.File("space.json"), """{"lr": {"type": "float", "low": 0.001, "high": 0.1, "log": true}}""");
        Assert.Equal(0, Launcher.Run("ask", "s", "--search-space", _directory.File("space.json"), "--storage", _storage).ExitCode);

        var confirm = Launcher.Run("confirm", "s", "--storage", _storage);

        Assert.Equal(2, confirm.ExitCode);
        Assert.StartsWith("metaopt: study 's' was not made by 'metaopt run'", Assert.Single(confirm.ErrorLines));
        using var storage = LiteDbStorage.OpenReadOnly(_storage);
        Assert.Single(storage.GetAllTrials("s"));
    }

    [Fact]
    public void ARecommenderConfirmationEvaluatesTheBaselinesOnAsManySeedsAndBestComparesMeans()
    {
        var run = Launcher.Run("run", "synthetic-cold-start", "--trials", "3", "--epochs", "1", "--pruner", "none",
            "--confirm", "1,2", "--storage", _storage, "--seed", "5");

        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        Assert.Contains("Evaluating the baselines on the 2 seeds of the confirmation's repeats", run.Output);
        Assert.Matches(@"  validation \(objective\): winner .*, difference \S+ \[\S+, \S+\]: .* \(a paired t-test on 2 common seeds at 5%\)", run.Output);
        Assert.Contains("  test (meta-test MAE): winner ", run.Output);
        BaselineRuns runs;
        List<int?> repeatSeeds;
        using (var storage = LiteDbStorage.OpenReadOnly(_storage))
        {
            runs = BaselineRuns.Read(storage.FindStudy("synthetic-cold-start")!.UserAttrs);
            repeatSeeds = storage.GetAllTrials("synthetic-cold-start").Where(t => t.Repeat > 0).Select(t => t.Seed).ToList();
        }
        // The baselines ran on exactly the seeds of the confirmation's repeats.
        Assert.Equal(repeatSeeds, runs.Runs.Select(r => (int?)r.Seed));
        Assert.Equal(2, repeatSeeds.Distinct().Count());
        // The training seed matters to the fine-tuned global model.
        Assert.Equal(2, runs.Runs.Select(r => r.Values["global_finetuned_mae"]).Distinct().Count());

        var again = Launcher.Run("confirm", "synthetic-cold-start", "--top", "1", "--repeats", "2", "--storage", _storage);
        var best = Launcher.Run("best", "synthetic-cold-start", "--storage", _storage);

        Assert.Equal(0, again.ExitCode);
        Assert.Contains("0 trials to run.", again.Output);
        using var json = System.Text.Json.JsonDocument.Parse(best.Output);
        var root = json.RootElement;
        Assert.Equal(3, root.GetProperty("winner").GetProperty("repeats").GetInt32());
        Assert.Equal("confirmed_means", root.GetProperty("verdict_from").GetString());
        Assert.Equal(root.GetProperty("winner_vs_baselines").GetProperty("test").GetProperty("value").GetProperty("mean").GetDouble(), root.GetProperty("vs_baselines").GetProperty("test").GetProperty("value").GetDouble(), 12);
        Assert.Equal(2, root.GetProperty("baseline_runs").GetProperty("global_finetuned_mae").GetProperty("n").GetInt32());
        var test = root.GetProperty("winner_vs_baselines").GetProperty("test");
        Assert.Equal(3, test.GetProperty("value").GetProperty("n").GetInt32());
        Assert.True(test.GetProperty("baseline_value").GetProperty("high").GetDouble() > test.GetProperty("baseline_value").GetProperty("low").GetDouble());
        var difference = test.GetProperty("difference");
        Assert.Equal(2, difference.GetProperty("paired_seeds").GetInt32());
        Assert.True(difference.GetProperty("high").GetDouble() > difference.GetProperty("low").GetDouble());
        using var read = LiteDbStorage.OpenReadOnly(_storage);
        Assert.Equal(2, BaselineRuns.Read(read.FindStudy("synthetic-cold-start")!.UserAttrs).Runs.Count);
    }

    [Theory]
    [InlineData("0,2")]
    [InlineData("2")]
    [InlineData("2,x")]
    public void ABadConfirmIsRefusedWithItsValueAndChangesNothing(string value)
    {
        var run = Launcher.Run("run", "functions-branin", "--trials", "3", "--confirm", value, "--storage", _storage);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"invalid --confirm '{value}': use K,R", Assert.Single(run.ErrorLines));
        Assert.False(File.Exists(_storage));
    }
}
