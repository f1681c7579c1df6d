using MetaOpt.Recommender.Model;
using MetaOpt.Recommender.Training;
using static TorchSharp.torch;

namespace MetaOpt.Recommender.Tests;

/// <summary>Small synthetic cold-start data shared by the tests (no MovieLens needed).</summary>
internal static class TestData
{
    private static readonly Lazy<ColdStartTasks> SharedTasks = new(() =>
        ColdStartTasks.Build(SyntheticColdStartGenerator.Generate(new SyntheticColdStartOptions { Users = 200, Items = 120, Seed = 3 })));

    public static ColdStartTasks Tasks => SharedTasks.Value;

    /// <summary>A fast configuration for the synthetic tasks.</summary>
    public static TrainingConfig FastConfig => new()
    {
        Epochs = 2, MetaBatch = 16, EmbeddingDim = 8, Hidden = 16, GlobalEpochs = 1, Threads = 1, Baselines = false,
    };

    /// <summary>A tiny float64 network and its packed data, for exact gradient checks.</summary>
    public static (MeLUNetwork Network, RunData Data) Tiny(int seed = 0, int? adaptedLayers = null) =>
        (new MeLUNetwork(Tasks.Schema, new NetworkShape(3, 4, 1, adaptedLayers ?? 2), CPU, float64, new Random(seed)),
         RunData.Pack(Tasks, CPU, float64));

    /// <summary>The first <paramref name="count"/> meta-train tasks.</summary>
    public static SplitTensors FirstTrainTasks(RunData data, int count)
    {
        var index = arange(0, count, int64);
        var train = data.Train;
        return new SplitTensors(train.Support.Select(index), train.Query.Select(index), train.SupportAndQuery?.Select(index));
    }
}
