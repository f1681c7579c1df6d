using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace MetaOpt.Recommender.Tests;

/// <summary>
/// On a GPU every read of a tensor value on the host waits for the device; the training loop reads once per epoch
/// for the losses and once for the validation predictions, however many meta-batches and users there are.
/// </summary>
public sealed partial class HostReadTests
{
    // More validation users than one evaluation chunk (256), and about ten times the meta-batches of the small data.
    private static readonly Lazy<ColdStartTasks> ManyUsers = new(() => ColdStartTasks.Build(SyntheticColdStartGenerator.Generate(
        new SyntheticColdStartOptions { Users = 3000, Items = 150, MinRatingsPerUser = 25, MaxRatingsPerUser = 30, Seed = 5 })));

    [Theory]
    [InlineData(MetaAlgorithm.Maml, false)]
    [InlineData(MetaAlgorithm.Reptile, false)]
    [InlineData(MetaAlgorithm.MetaSgd, true)]
    [InlineData(MetaAlgorithm.Transfer, false)]
    public void EveryEpochReadsTheHostTwiceWhateverTheNumberOfBatchesAndUsers(MetaAlgorithm algo, bool ranking)
    {
        var config = TestData.FastConfig with
        {
            Algo = algo, Epochs = 3, MetaBatch = 8, GlobalBatch = 64, Ranking = ranking ? new RankingProtocol { K = 5, Negatives = 20 } : null,
        };
        var small = new List<EpochReport>();
        var large = new List<EpochReport>();
        var smallRun = RecommenderTrainer.Train(TestData.Tasks, config, small.Add);
        var largeRun = RecommenderTrainer.Train(ManyUsers.Value, config, large.Add);

        Assert.True(largeRun.Users.Train >= 10 * smallRun.Users.Train, $"{largeRun.Users} against {smallRun.Users}");
        Assert.True(largeRun.Users.Validation > 256, $"{largeRun.Users.Validation} validation users fit one chunk");
        // One read of the epoch's batch losses, one of the validation predictions (query and ranking candidates together).
        Assert.Equal([2, 2, 2], small.Select(r => r.HostReads));
        Assert.Equal([2, 2, 2], large.Select(r => r.HostReads));
        Assert.All(large, r => Assert.True(double.IsFinite(r.TrainLoss) && double.IsFinite(r.ValidationMae), $"{r}"));
    }

    [Fact]
    public void TheBatchThatDivergedIsNamedThoughTheLossesAreReadAfterTheEpoch()
    {
        var config = TestData.FastConfig with { MetaLr = 1, InnerLr = 10, InnerSteps = 5, Epochs = 1 };
        var error = Assert.Throws<TrainingDivergedException>(() => RecommenderTrainer.Train(TestData.Tasks, config));
        Assert.Equal("meta-training", error.Phase);
        Assert.Equal(0, error.Epoch);
        Assert.InRange(error.Batch, 0, TestData.Tasks.Train.Count / config.MetaBatch - 1);
        Assert.False(double.IsFinite(error.Loss));
    }

    [Fact]
    public void OnlyTheHostReadDoorReadsTensorValues()
    {
        var source = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ThisFile())!, "../../src/MetaOpt.Recommender"));
        var door = Path.Combine(source, "Training", "HostRead.cs");
        var readers = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && f != door)
            .Where(f => DirectRead().IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(source, f))
            .ToList();
        Assert.True(Directory.Exists(source), source);
        Assert.Empty(readers);
        Assert.Matches(DirectRead(), File.ReadAllText(door));
    }

    [GeneratedRegex(@"\.(ToDouble|ToSingle|ToInt64|ToInt32|ToBoolean|item<[^>]*>|data<[^>]*>|cpu)\(\)")]
    private static partial Regex DirectRead();

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
