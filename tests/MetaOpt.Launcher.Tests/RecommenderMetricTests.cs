using System.Text.Json.Nodes;
using MetaOpt.Recommender;
using MetaOpt.Studies;
using MetaOpt.Studies.Recommender;

namespace MetaOpt.Launcher.Tests;

/// <summary>The objective metric of the recommender studies (<c>--metric</c>, <see cref="ObjectiveMetric"/>): its direction, and that it reaches the trials.</summary>
public sealed class RecommenderMetricTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(null, Direction.Minimize, "val_mae")]
    [InlineData("mae", Direction.Minimize, "val_mae")]
    [InlineData("RMSE", Direction.Minimize, "val_rmse")]
    [InlineData("hr@5", Direction.Maximize, "val_hr_at_5")]
    [InlineData("recall@20", Direction.Maximize, "val_recall_at_20")]
    [InlineData("ndcg@10", Direction.Maximize, "val_ndcg_at_10")]
    public void TheDirectionFollowsTheMetric(string? metric, Direction direction, string key)
    {
        IStudyDefinition study = new SyntheticColdStartStudy();

        Assert.Equal(direction, study.DirectionOf(metric));
        Assert.Equal(key, ObjectiveMetric.Parse(metric ?? "mae").ValidationKey);
    }

    [Theory]
    [InlineData("ndcg")]
    [InlineData("ndcg@0")]
    [InlineData("ndcg@1001")]
    [InlineData("map@10")]
    [InlineData("hr@-1")]
    public void AnUnknownMetricIsRefusedWithWhatIsAllowed(string metric)
    {
        var storage = _directory.File("s.db");

        var outcome = Launcher.Run("run", "synthetic-cold-start", "--metric", metric, "--storage", storage);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal(
            $"metaopt: invalid --metric '{metric}': '{metric}' is not a metric; use {ObjectiveMetric.Allowed}",
            Assert.Single(outcome.ErrorLines));
        Assert.False(File.Exists(storage));
    }

    [Fact]
    public void TheMetricReachesTheObjectiveEveryEpochReportAndTheDeclarations()
    {
        var metric = ObjectiveMetric.Parse("ndcg@10");
        var prepared = new SyntheticColdStartStudy().Prepare(new StudyRunContext { Epochs = 2, Seed = 4, Metric = "ndcg@10" });
        var study = Study.Create("ranking", new StudyOptions { Sampler = new RandomSampler(seed: 3), Direction = Direction.Maximize });
        prepared.StoreStudyAttributes(study, CancellationToken.None);

        study.Optimize(prepared.Objective, trials: 1, stopOnCtrlC: false);

        var trial = Assert.Single(study.Trials);
        Assert.Equal(TrialState.Complete, trial.State);
        Assert.Equal(trial.Value, (double)trial.UserAttrs[metric.ValidationKey]);
        Assert.InRange(trial.Value!.Value, 0.0, 1.0);
        Assert.NotEqual(trial.Value, (double)trial.UserAttrs[RecommenderAttributes.ValMae]);
        Assert.InRange((double)trial.UserAttrs[metric.TestKey], 0.0, 1.0);
        Assert.Equal(2, trial.IntermediateValues.Count);
        Assert.Equal(trial.Value, trial.IntermediateValues[1]);
        // The same run by hand: the trial's parameters and seed, ranked by the protocol of ndcg@10.
        var config = TrainingParameters.Apply(
            new TrainingConfig { EmbeddingDim = 16, Hidden = 32, Epochs = 2, Seed = trial.Seed!.Value, Baselines = false, Threads = 1, Ranking = metric.Ranking },
            trial.Params);
        var retrained = RecommenderTrainer.Train(SyntheticColdStartStudy.GeneratedTasks(config), config);
        Assert.Equal(retrained.MetaValidation.Ranking!.Ndcg, trial.Value!.Value, 12);
        // The validation baselines are MAEs: compared with the trial's validation MAE, not with its nDCG.
        var declared = StudyDeclarations.Read(study.UserAttrs);
        Assert.Equal(Direction.Maximize, declared.Metric(metric.ValidationKey)!.Direction);
        Assert.All(declared.Baselines, b => Assert.NotNull(b.Metric));
        Assert.Equal(RecommenderAttributes.ValMae, declared.Baselines.First(b => b.Group == "validation").Metric);
    }

    [Fact]
    public void WorkerProcessesTrainForTheMetricAndAResumeWithAnotherIsRefused()
    {
        var storage = _directory.File("s.db");
        string[] run = ["run", "synthetic-cold-start", "--epochs", "1", "--pruner", "none", "--sampler", "random",
            "--isolation", "process", "--storage", storage];

        var outcome = Launcher.Run([.. run, "--trials", "1", "--metric", "hr@10"]);

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        using (var opened = new LiteDbStorage(storage))
        {
            var stored = opened.FindStudy("synthetic-cold-start")!;
            Assert.Equal(Direction.Maximize, stored.Direction);
            var trial = Assert.Single(opened.GetAllTrials("synthetic-cold-start"));
            Assert.Equal(TrialState.Complete, trial.State);
            Assert.Equal(trial.Value, (double)trial.UserAttrs["val_hr_at_10"]);
            var runs = JsonNode.Parse((string)stored.UserAttrs["runs"])!.AsArray();
            Assert.Equal("hr@10", (string?)runs[^1]!["metric"]);
        }
        foreach (var (other, asked) in new[] { (new[] { "--metric", "mae" }, "--metric mae"), ([], "no --metric") })
        {
            var resumed = Launcher.Run([.. run, "--trials", "2", .. other]);
            Assert.Equal(2, resumed.ExitCode);
            Assert.Equal(
                $"metaopt: invalid {asked}: study 'synthetic-cold-start' was run with --metric hr@10; resume it with --metric hr@10, or pass --name to start another study",
                Assert.Single(resumed.ErrorLines));
        }
        using var reopened = new LiteDbStorage(storage);
        Assert.Single(reopened.GetAllTrials("synthetic-cold-start"));
    }
}
