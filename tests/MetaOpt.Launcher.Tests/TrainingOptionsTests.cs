using System.CommandLine;
using MetaOpt.Recommender;
using MetaOpt.Studies.Recommender;

namespace MetaOpt.Launcher.Tests;

/// <summary>The one binder of training options (<c>metaopt train</c>, the benchmark's <c>recsys</c> commands):
/// its defaults are <see cref="TrainingConfig"/>'s, each option sets its own field, and its ranges are the configuration's.</summary>
public sealed class TrainingOptionsTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void AnEmptyCommandLineBindsTrainingConfigsDefaults()
    {
        Assert.Equal(new TrainingConfig(), Bind(new TrainingOptions()));
    }

    [Fact]
    public void EveryOptionBindsToItsOwnField()
    {
        var options = new TrainingOptions();
        string[] args =
        [
            "--data", _directory.Path, "--algo", "reptile", "--epochs", "7", "--pretrain-epochs", "3", "--meta-lr", "0.002",
            "--inner-lr", "0.03", "--inner-steps", "4", "--meta-batch", "16", "--support-size", "12", "--query-size", "6",
            "--dim", "8", "--hidden", "24", "--global-lr", "0.004", "--global-epochs", "9", "--global-batch", "128",
            "--seed", "11", "--device", "cuda:1", "--threads", "3", "--no-baselines",
        ];

        var config = Bind(options, args);

        // Every option is on the line above, so an option added to the binder fails here until it is bound and checked.
        Assert.Equal(options.All.Select(o => o.Name).Order(), args.Where(a => a.StartsWith("--", StringComparison.Ordinal)).Order());
        Assert.Equal(new TrainingConfig
        {
            Data = _directory.Path, Algo = MetaAlgorithm.Reptile, Epochs = 7, PretrainEpochs = 3, MetaLr = 0.002, InnerLr = 0.03,
            InnerSteps = 4, MetaBatch = 16, SupportSize = 12, QuerySize = 6, EmbeddingDim = 8, Hidden = 24, GlobalLr = 0.004,
            GlobalEpochs = 9, GlobalBatch = 128, Seed = 11, Device = "cuda:1", Threads = 3, Baselines = false,
        }, config);
    }

    [Theory]
    [InlineData("1", "1e-9", "0")]
    [InlineData("100000", "1", "10")]
    public void EveryValueTheOptionsAcceptIsOneTheConfigurationAccepts(string whole, string rate, string innerLr)
    {
        var options = new TrainingOptions();
        var high = whole != "1";
        var config = Bind(options,
            "--epochs", whole, "--pretrain-epochs", high ? whole : "0", "--meta-lr", rate, "--inner-lr", innerLr,
            "--inner-steps", high ? "100" : "1", "--meta-batch", whole, "--dim", high ? "4096" : "1", "--hidden", high ? "65536" : "1",
            "--global-lr", rate, "--global-epochs", high ? whole : "0", "--global-batch", high ? "10000000" : "1",
            "--threads", high ? "1024" : "1");

        config.Validate();
    }

    [Theory]
    [InlineData("--epochs", "0")]
    [InlineData("--dim", "4097")]
    [InlineData("--global-lr", "0")]
    [InlineData("--global-batch", "10000001")]
    [InlineData("--support-size", "0")]
    public void AValueTheConfigurationRefusesIsAParseError(string option, string value)
    {
        var command = new RootCommand();
        new TrainingOptions().AddTo(command);

        var error = Assert.Single(command.Parse([option, value]).Errors);

        Assert.StartsWith($"invalid {option} '{value}': ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TrainOffersTheBindersOptionsAndItsDefaults()
    {
        var help = Launcher.Run("train", "--help");

        Assert.Equal(0, help.ExitCode);
        foreach (var option in new TrainingOptions().All.Append(new Option<bool>("--json")))
            Assert.Contains($"  {option.Name}", help.Output);
        Assert.Contains("[default: 5]", help.Output.Split('\n').Single(l => l.TrimStart().StartsWith("--epochs", StringComparison.Ordinal)));
    }

    private static TrainingConfig Bind(TrainingOptions options, params string[] args)
    {
        var command = new RootCommand();
        options.AddTo(command);
        var parse = command.Parse(args);
        Assert.Empty(parse.Errors);
        return options.Bind(parse);
    }
}
