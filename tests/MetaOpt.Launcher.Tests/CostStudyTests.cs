using System.Text.Json;
using MetaOpt.Recommender;
using MetaOpt.Studies;
using MetaOpt.Studies.Recommender;

namespace MetaOpt.Launcher.Tests;

/// <summary>
/// The recommender cost studies (<c>movielens-maml-cost</c>, <c>synthetic-cost</c>): validation MAE against training
/// seconds per epoch or parameter count, over the reference space plus the network's size.
/// </summary>
public sealed class CostStudyTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void StudiesListsBothWithTwoMinimisedObjectivesNoPrunerAndTheNetworksSize()
    {
        var outcome = Launcher.Run("studies", "--format", "json");

        Assert.Equal(0, outcome.ExitCode);
        using var json = JsonDocument.Parse(outcome.Output);
        var listed = json.RootElement.GetProperty("studies").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        foreach (var name in new[] { "movielens-maml-cost", "synthetic-cost" })
        {
            var study = listed[name];
            Assert.Equal(["minimize", "minimize"], study.GetProperty("directions").EnumerateArray().Select(d => d.GetString()));
            Assert.Equal("none", study.GetProperty("pruner").GetString());
            Assert.Equal(
                ["algo", "meta_lr", "inner_lr", "inner_steps", "meta_batch", "embedding_dim", "hidden", "hidden_layers"],
                study.GetProperty("parameters").EnumerateArray().Select(p => p.GetString()));
        }
        Assert.Equal("movielens", listed["movielens-maml-cost"].GetProperty("data").GetString());
        Assert.Equal("none", listed["synthetic-cost"].GetProperty("data").GetString());
    }

    [Theory]
    [InlineData(null, "mae", CostMetric.Seconds, Direction.Minimize)]
    [InlineData("params", "mae", CostMetric.Parameters, Direction.Minimize)]
    [InlineData("RMSE", "rmse", CostMetric.Seconds, Direction.Minimize)]
    [InlineData("ndcg@10,params", "ndcg@10", CostMetric.Parameters, Direction.Maximize)]
    [InlineData("mae, Seconds", "mae", CostMetric.Seconds, Direction.Minimize)]
    public void TheMetricNamesTheQualityAndTheCost(string? metric, string quality, string cost, Direction first)
    {
        IStudyDefinition study = new SyntheticCostStudy();

        var parsed = CostMetric.Parse(metric);

        Assert.Equal(quality, parsed.Quality.Name);
        Assert.Equal(cost, parsed.Cost);
        Assert.Equal([first, Direction.Minimize], study.DirectionsOf(metric));
    }

    [Theory]
    [InlineData("flops")]
    [InlineData("mae,rmse")]
    [InlineData("params,mae")]
    [InlineData("mae,params,seconds")]
    public void AMetricThatNamesNoQualityAndCostIsRefusedBeforeAnythingIsStored(string metric)
    {
        var storage = _directory.File("s.db");

        var outcome = Launcher.Run("run", "synthetic-cost", "--metric", metric, "--storage", storage);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal(
            $"metaopt: invalid --metric '{metric}': '{metric}' is not a cost study's metric; use {CostMetric.Allowed}",
            Assert.Single(outcome.ErrorLines));
        Assert.False(File.Exists(storage));
    }

    [Fact]
    public void TheSteadyEpochTimeIsTheMedianAfterTheFirstEpoch()
    {
        Assert.Equal(2.0, Result(9, 1, 3, 2).SteadySecondsPerEpoch);
        Assert.Equal(3.0, Result(9, 1, 3, 2, 4).SteadySecondsPerEpoch);
        Assert.Equal(9.0, Result(9).SteadySecondsPerEpoch);
    }

    [Fact]
    public void EachTrialReturnsItsMaeAndCostAndRecordsAParameterCountThatGrowsWithTheNetwork()
    {
        var study = Study.Create("cost", new StudyOptions { Directions = [Direction.Minimize, Direction.Minimize], Sampler = new RandomSampler(seed: 1) });
        var networks = new (int Dim, int Hidden, int Layers)[] { (4, 8, 1), (16, 8, 1), (16, 64, 1), (16, 64, 3) };
        foreach (var (dim, hidden, layers) in networks)
            study.EnqueueTrial(new Dictionary<string, object>
            {
                ["algo"] = "fomaml", ["meta_lr"] = 1e-3, ["inner_lr"] = 1e-2, ["inner_steps"] = 1, ["meta_batch"] = 32,
                ["embedding_dim"] = dim, ["hidden"] = hidden, ["hidden_layers"] = layers,
            });
        var seconds = new SyntheticCostStudy().Prepare(new StudyRunContext { Epochs = 2, Seed = 4, Threads = 1 });

        study.OptimizeObjectives(seconds.Objectives!, trials: networks.Length);

        Assert.All(study.Trials, t => Assert.Equal(TrialState.Complete, t.State));
        var counts = study.Trials.Select(t => (long)t.UserAttrs[RecommenderAttributes.Parameters]).ToList();
        Assert.True(counts.Zip(counts.Skip(1)).All(p => p.First < p.Second), string.Join(", ", counts));
        foreach (var trial in study.Trials)
        {
            Assert.Equal(2, trial.Values!.Count);
            Assert.Equal((double)trial.UserAttrs[RecommenderAttributes.ValMae], trial.Values[0]);
            Assert.Equal((double)trial.UserAttrs[RecommenderAttributes.SecondsPerEpoch], trial.Values[1]);
            Assert.True(trial.Values[1] > 0);
            // Multi-objective trials report no epochs (they cannot be pruned), but count them.
            Assert.Empty(trial.IntermediateValues);
            Assert.Equal(2, (int)trial.UserAttrs[TrialAttributes.EpochsRun]);
            // The count is the trained network's: the study's generated data and the trial's configuration.
            var config = TrainingParameters.Apply(SyntheticColdStartStudy.NetworkDefaults, trial.Params);
            Assert.Equal(Distillation.ParameterCount(SyntheticColdStartStudy.GeneratedTasks(config).Schema, config), (long)trial.UserAttrs[RecommenderAttributes.Parameters]);
        }
    }

    [Fact]
    public void ATinyRunWithParameterCountStoresTwoValuesPerTrialAndBestPrintsTheParetoSet()
    {
        var storage = _directory.File("s.db");

        var outcome = Launcher.Run("run", "synthetic-cost", "--trials", "3", "--epochs", "1", "--seed", "2", "--metric", "params", "--storage", storage);

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        // No line on stderr: the kept models' policy applies to a multi-objective study too.
        Assert.Empty(outcome.ErrorLines);
        IReadOnlyList<FrozenTrial> front;
        using (var stored = new LiteDbStorage(storage))
        {
            var info = stored.FindStudy("synthetic-cost")!;
            Assert.Equal([Direction.Minimize, Direction.Minimize], info.Directions);
            Assert.Equal("none", info.UserAttrs["pruner"]);
            var trials = stored.GetAllTrials("synthetic-cost");
            Assert.Equal(3, trials.Count);
            Assert.All(trials, t =>
            {
                Assert.Equal(TrialState.Complete, t.State);
                Assert.Equal(2, t.Values!.Count);
                Assert.Equal((double)(long)t.UserAttrs[RecommenderAttributes.Parameters], t.Values[1]);
                // Below AutoSamplerOptions.MotpeTrials the auto sampler runs MOTPE (TPE by groups).
                Assert.Equal(AutoSampler.Tpe, t.SystemAttrs[AutoSampler.SamplerAttr]);
            });
            front = Pareto.Front(trials, info.Directions);
        }
        Assert.Contains($"front {front.Count}", outcome.Output.Split('\n').Last(l => l.StartsWith("trial 2 complete", StringComparison.Ordinal)));

        var best = Launcher.Run("best", "synthetic-cost", "--storage", storage, "--format", "json");

        Assert.Equal(0, best.ExitCode);
        using var json = JsonDocument.Parse(best.Output);
        Assert.Equal(front.Select(t => t.Number), json.RootElement.EnumerateArray().Select(t => t.GetProperty("trial").GetInt32()));
        Assert.All(json.RootElement.EnumerateArray(), t => Assert.Equal(2, t.GetProperty("values").GetArrayLength()));
    }

    // A result whose epochs took these seconds; the rest is what a result needs and these tests do not read.
    private static TrainingResult Result(params double[] seconds) => new()
    {
        Config = new TrainingConfig(),
        Users = (0, 0, 0),
        MetaValidation = new EvaluationMetrics(0, 0, 0, 0),
        MetaTest = new EvaluationMetrics(0, 0, 0, 0),
        Epochs = [.. seconds.Select((s, i) => new EpochReport(i, 0, 0, s))],
        SecondsPerMetaBatchMedian = 0,
        PretrainSeconds = 0,
    };
}
