using System.Text.Json;
using MetaOpt.Recommender.Evaluation;
using MetaOpt.Recommender.Model;
using MetaOpt.Recommender.Training;
using MetaOpt.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaOpt.Recommender.Tests;

public sealed class TrainingTests
{
    [Theory]
    [InlineData(MetaAlgorithm.Maml)]
    [InlineData(MetaAlgorithm.FoMaml)]
    [InlineData(MetaAlgorithm.Reptile)]
    [InlineData(MetaAlgorithm.MetaSgd)]
    public void MetaLearningBeatsTheUntrainedNetworkOnNewUsers(MetaAlgorithm algo)
    {
        var config = TestData.FastConfig with { Algo = algo, Epochs = 4, MetaLr = 0.01, InnerLr = 0.05, InnerSteps = 2 };
        var reports = new List<EpochReport>();
        var result = RecommenderTrainer.Train(TestData.Tasks, config, reports.Add);

        double untrained;
        using (NewDisposeScope())
        {
            using var network = new MeLUNetwork(TestData.Tasks.Schema, NetworkShape.Of(config), CPU, float32, new Random(config.Seed));
            var data = RunData.Pack(TestData.Tasks, CPU, float32);
            untrained = Evaluator.Evaluate(network, data.Test, config.InnerSteps, InnerLoop.ScalarRates(network, config.InnerLr), 3).Mae;
        }
        Assert.True(result.MetaTest.Mae < untrained - 0.2, $"{algo}: meta-test MAE {result.MetaTest.Mae}, untrained {untrained}");
        Assert.Equal(config.Epochs, reports.Count);
        Assert.Equal(result.MetaValidation.Mae, reports[^1].ValidationMae);
        Assert.Equal((140, 20, 40), result.Users);
    }

    [Fact]
    public void TransferAndPretrainedRunsReportBaselinesAndTheReferenceJsonFields()
    {
        var transfer = RecommenderTrainer.Train(TestData.Tasks, TestData.FastConfig with { Algo = MetaAlgorithm.Transfer, Epochs = 3, GlobalLr = 0.01 });
        Assert.True(transfer.MetaTest.Mae < 1.2, $"transfer {transfer.MetaTest}");
        var pretrained = RecommenderTrainer.Train(TestData.Tasks, TestData.FastConfig with { PretrainEpochs = 1, Epochs = 1, Baselines = true });
        Assert.True(pretrained.PretrainSeconds > 0, "pretrain seconds");
        Assert.NotNull(pretrained.GlobalZeroShot);
        Assert.NotNull(pretrained.GlobalFineTuned);

        using var json = JsonDocument.Parse(TrainingResultJson.Serialize(pretrained));
        var root = json.RootElement;
        Assert.Equal(pretrained.SecondsPerMetaBatchMedian, root.GetProperty("sec_per_meta_batch_median").GetDouble());
        Assert.Equal(1, root.GetProperty("sec_per_epoch").GetArrayLength());
        foreach (var name in new[] { "meta_test", "global_zero_shot", "global_finetuned" })
            foreach (var metric in new[] { "mae", "rmse", "ndcg3" })
                Assert.True(root.GetProperty(name).GetProperty(metric).GetDouble() > 0, $"{name}.{metric}");
        Assert.Equal(pretrained.GlobalMeanMae, root.GetProperty("global_mean_mae").GetDouble());
        Assert.Equal("maml", root.GetProperty("config").GetProperty("algo").GetString());
    }

    [Fact]
    public void HugeLearningRatesEndTheRunWithADivergenceError()
    {
        var config = TestData.FastConfig with { MetaLr = 1, InnerLr = 10, InnerSteps = 5 };
        var error = Assert.Throws<TrainingDivergedException>(() => RecommenderTrainer.Train(TestData.Tasks, config));
        Assert.Contains("diverged", error.Message);
        Assert.False(double.IsFinite(error.Loss));
    }

    [Fact]
    public void CancellationAndCallbackExceptionsStopTheRun()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => RecommenderTrainer.Train(TestData.Tasks, TestData.FastConfig, cancellation: cancelled.Token));
        int calls = 0;
        Assert.Throws<TimeoutException>(() => RecommenderTrainer.Train(TestData.Tasks, TestData.FastConfig with { Epochs = 5 },
            _ => throw new TimeoutException($"stop after {++calls}")));
        Assert.Equal(1, calls);
    }

    [SkippableTheory]
    [InlineData("cuda")]
    [InlineData("cuda:1")]
    public void CudaOnAMachineWithoutItIsAClearError(string device)
    {
        Requires.MachineWhere(!cuda.is_available(), "this machine has CUDA: the error is for machines without it");
        var error = Assert.Throws<ArgumentException>(() => ComputeDevice.Parse(device));
        Assert.Contains(device, error.Message);
        Assert.Contains("not available", error.Message.Replace("is_available() is false", "not available"));
        Assert.Throws<ArgumentException>(() => RecommenderTrainer.Train(TestData.Tasks, TestData.FastConfig with { Device = device }));
    }

    [Theory]
    [InlineData("tpu")]
    [InlineData("cuda:x")]
    [InlineData("cuda:-1")]
    public void UnknownDeviceNamesListTheAllowedOnes(string device)
    {
        var error = Assert.Throws<ArgumentException>(() => ComputeDevice.Parse(device));
        Assert.Contains($"'{device}'", error.Message);
        Assert.Contains("'cpu', 'cuda' or 'cuda:N'", error.Message);
        Assert.Equal(DeviceType.CPU, ComputeDevice.Parse(" CPU ").type);
    }

    [Fact]
    public void OutOfRangeSettingsAndMismatchedTasksAreNamed()
    {
        var error = Assert.Throws<ArgumentException>(() => (TestData.FastConfig with { MetaLr = 0 }).Validate());
        Assert.Contains("MetaLr is 0", error.Message);
        error = Assert.Throws<ArgumentException>(() => (TestData.FastConfig with { AdaptedLayers = 4 }).Validate());
        Assert.Contains("AdaptedLayers is 4", error.Message);
        error = Assert.Throws<ArgumentException>(() => RecommenderTrainer.Train(TestData.Tasks, TestData.FastConfig with { SupportSize = 15 }));
        Assert.Contains("support 15", error.Message);
        error = Assert.Throws<ArgumentException>(() => RecommenderTrainer.Train(TestData.FastConfig));
        Assert.Contains("TrainingConfig.Data is null", error.Message);
        error = Assert.Throws<ArgumentException>(() => MetaAlgorithmNames.Parse("sgd"));
        Assert.Contains("maml, fomaml, reptile, metasgd, transfer", error.Message);
        Assert.Equal(MetaAlgorithm.FoMaml, MetaAlgorithmNames.Parse("FOMAML"));
    }

    [Fact]
    public void DataWithoutDemographicsTrainsOnItemFeaturesAlone()
    {
        var full = SyntheticColdStartGenerator.Generate(new SyntheticColdStartOptions { Users = 60, Items = 80, Seed = 5 });
        var itemsOnly = full with
        {
            Schema = full.Schema with { UserFieldSizes = [] },
            Users = full.Users.ToDictionary(p => p.Key, _ => Array.Empty<int>()),
        };
        var result = RecommenderTrainer.Train(ColdStartTasks.Build(itemsOnly), TestData.FastConfig with { MetaBatch = 8 });
        Assert.True(double.IsFinite(result.MetaTest.Mae));
        Assert.Equal((42, 6, 12), result.Users);
    }
}
