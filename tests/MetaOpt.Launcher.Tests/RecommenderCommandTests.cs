using System.Text.Json;

namespace MetaOpt.Launcher.Tests;

/// <summary>The commands that train the recommender, on the generated cold-start data with one or two epochs.</summary>
public sealed class RecommenderCommandTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void FoldsReachTheTrialsOfWorkerProcessesAndAChangeOnResumeIsNoted()
    {
        var storage = _directory.File("s.db");
        string[] run = ["run", "synthetic-cold-start", "--epochs", "1", "--pruner", "none", "--sampler", "random",
            "--isolation", "process", "--storage", storage];

        var outcome = Launcher.Run([.. run, "--trials", "1", "--folds", "2"]);

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        Assert.Contains("Folds: 2, each validating on", outcome.Output);
        using (var opened = new LiteDbStorage(storage))
        {
            var trial = Assert.Single(opened.GetAllTrials("synthetic-cold-start"));
            Assert.Equal(TrialState.Complete, trial.State);
            Assert.Equal(((double)trial.UserAttrs["val_mae_fold_1"] + (double)trial.UserAttrs["val_mae_fold_2"]) / 2, trial.Value!.Value, 12);
        }
        var resumed = Launcher.Run([.. run, "--trials", "2"]);
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Contains("metaopt: note: folds changed from 2 to 1 for this run; earlier trials came from 2", resumed.ErrorLines);
    }

    [Fact]
    public void SyntheticStudyTrialsStoreWhatReportsNeed()
    {
        var storage = _directory.File("s.db");

        var outcome = Launcher.Run("run", "synthetic-cold-start", "--trials", "2", "--epochs", "2", "--pruner", "none",
            "--sampler", "random", "--storage", storage, "--seed", "1");

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        Assert.Contains("Baselines on the meta-validation users", outcome.Output);
        // The baseline phase shows each step before the first trial, instead of a silent wait.
        var lines = outcome.Output.Split('\n').Select(l => l.Trim()).ToList();
        var firstEpoch = lines.FindIndex(l => l.StartsWith("global model epoch 1/", StringComparison.Ordinal));
        Assert.InRange(firstEpoch, lines.FindIndex(l => l.StartsWith("Baselines (once per study)", StringComparison.Ordinal)) + 1, lines.FindIndex(l => l.StartsWith("Baselines on the meta-validation users", StringComparison.Ordinal)) - 1);
        using var opened = new LiteDbStorage(storage);
        var study = opened.FindStudy("synthetic-cold-start")!;
        Assert.Equal(2, study.UserAttrs["max_epochs"]);
        foreach (var key in new[] { "global_zero_shot_mae", "global_finetuned_mae", "global_mean_mae",
                     "global_zero_shot_val_mae", "global_finetuned_val_mae", "global_mean_val_mae" })
            Assert.InRange((double)study.UserAttrs[key], 0.05, 4.0);
        // The study says which of them are its metrics and baselines, for reports that know nothing of the recommender.
        var declared = StudyDeclarations.Read(study.UserAttrs);
        Assert.Equal(MetaOpt.Studies.Recommender.RecommenderAttributes.Declarations.Metrics, declared.Metrics);
        Assert.Equal(MetaOpt.Studies.Recommender.RecommenderAttributes.Declarations.Baselines, declared.Baselines);
        var trials = opened.GetAllTrials("synthetic-cold-start");
        Assert.Equal(2, trials.Count);
        foreach (var trial in trials.Where(t => t.State == TrialState.Complete))
        {
            Assert.Equal(2, trial.IntermediateValues.Count);
            Assert.Equal(2, trial.UserAttrs["epochs_run"]);
            Assert.Equal("cpu", trial.UserAttrs["device"]);
            Assert.True((double)trial.UserAttrs["seconds"] > 0);
            Assert.True(double.IsFinite((double)trial.UserAttrs["meta_test_mae"]) && (double)trial.UserAttrs["meta_test_mae"] > 0);
            Assert.True((double)trial.UserAttrs["meta_test_rmse"] >= (double)trial.UserAttrs["meta_test_mae"]);
            Assert.InRange((double)trial.UserAttrs["meta_test_ndcg3"], 0.0, 1.0);
            Assert.Equal(trial.Value, trial.IntermediateValues[1]);
        }
    }

    [Fact]
    public void StrategyStudyRunsAndBestSaysWhichStrategyWonAgainstTheBaselines()
    {
        var storage = _directory.File("s.db");

        var run = Launcher.Run("run", "synthetic-strategy", "--trials", "4", "--epochs", "1", "--pruner", "none",
            "--sampler", "random", "--storage", storage, "--seed", "3");
        Assert.True(run.ExitCode == 0, run.Error);
        var best = Launcher.Run("best", "synthetic-strategy", "--storage", storage);
        using (var opened = new LiteDbStorage(storage))
        {
            // A new strategy study starts with the baselines: the global model zero-shot, then fine-tuned.
            var trials = opened.GetAllTrials("synthetic-strategy");
            Assert.Equal("zero-shot", trials[0].Params["strategy"]);
            Assert.Equal(["global_batch", "global_epochs", "global_lr", "strategy"], trials[0].Params.Keys.Order());
            Assert.Equal("fine-tune", trials[1].Params["strategy"]);
            Assert.Equal(1, trials[1].Params["inner_steps"]);
            // Then successive halving over the strategies, in order: the enqueued baselines fill no quota.
            Assert.Equal(MetaOpt.Studies.Recommender.StrategySpace.Strategies.Take(2), trials.Skip(2).Select(t => (string)t.Params["strategy"]));
        }

        Assert.True(best.ExitCode == 0, best.Error);
        using var json = JsonDocument.Parse(best.Output);
        var root = json.RootElement;
        var strategy = root.GetProperty("strategy").GetString()!;
        Assert.Equal(strategy, root.GetProperty("params").GetProperty("strategy").GetString());
        Assert.Contains(strategy, MetaOpt.Studies.Recommender.StrategySpace.Strategies);
        IReadOnlyDictionary<string, object> attrs;
        using (var opened = new LiteDbStorage(storage))
            attrs = opened.FindStudy("synthetic-strategy")!.UserAttrs;
        foreach (var (users, key, value) in new[]
                 {
                     ("validation", "_val_mae", root.GetProperty("value").GetDouble()),
                     ("test", "_mae", root.GetProperty("user_attrs").GetProperty("meta_test_mae").GetDouble()),
                 })
        {
            var margin = root.GetProperty("vs_baselines").GetProperty(users);
            var baselines = new[] { "global_zero_shot", "global_finetuned", "global_mean" }.ToDictionary(b => b + key, b => (double)attrs[b + key]);
            var bestBaseline = baselines.MinBy(b => b.Value);
            Assert.Equal(bestBaseline.Key, margin.GetProperty("best_baseline").GetString());
            Assert.Equal(bestBaseline.Value, margin.GetProperty("baseline_value").GetDouble());
            Assert.Equal(value, margin.GetProperty("value").GetDouble());
            Assert.Equal(bestBaseline.Value - value, margin.GetProperty("improvement").GetDouble(), 12);
        }
    }

    [Fact]
    public void TrainPrintsOneJsonLineWithTheReferenceFields()
    {
        var outcome = Launcher.Run("train", "--algo", "fomaml", "--epochs", "1", "--meta-batch", "64", "--no-baselines", "--json", "--seed", "2");

        Assert.Equal(0, outcome.ExitCode);
        var line = Assert.Single(outcome.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var json = JsonDocument.Parse(line);
        Assert.Equal("fomaml", json.RootElement.GetProperty("config").GetProperty("algo").GetString());
        Assert.True(json.RootElement.GetProperty("sec_per_meta_batch_median").GetDouble() > 0);
        Assert.Equal(1, json.RootElement.GetProperty("sec_per_epoch").GetArrayLength());
        foreach (var metric in new[] { "mae", "rmse", "ndcg3" })
            Assert.Equal(JsonValueKind.Number, json.RootElement.GetProperty("meta_test").GetProperty(metric).ValueKind);
    }

    [Fact]
    public void TrainRejectsAnOutOfRangeRateInOneLine()
    {
        var outcome = Launcher.Run("train", "--meta-lr", "5");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("invalid --meta-lr '5': use a number above 0 and at most 1", Assert.Single(outcome.ErrorLines));
    }

    [Fact]
    public void MovieLensStudyWithoutDataSaysToPassIt()
    {
        var outcome = Launcher.Run("run", "movielens-maml", "--storage", _directory.File("s.db"));

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("needs MovieLens data: pass --data DIR", Assert.Single(outcome.ErrorLines));
        Assert.False(File.Exists(_directory.File("s.db")));
    }
}
