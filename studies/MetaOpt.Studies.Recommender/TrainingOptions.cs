using System.CommandLine;
using MetaOpt.Recommender;
using MetaOpt.Studies.CommandLine;

namespace MetaOpt.Studies.Recommender;

/// <summary>
/// The command-line options of one training run (the reference script's names), bound into a
/// <see cref="TrainingConfig"/>: the one binder of <c>metaopt train</c> and the benchmark's <c>recsys</c> commands.
/// Every default is <see cref="TrainingConfig"/>'s own, and every range its <see cref="TrainingConfig.Validate"/>'s,
/// so a bad value is refused as the command line is parsed, before training starts.
/// </summary>
public sealed class TrainingOptions
{
    /// <summary>The most epochs a run may train (<see cref="TrainingConfig.Validate"/>'s limit).</summary>
    public const int MaxEpochs = 100_000;

    private static readonly TrainingConfig Defaults = new();

    /// <summary><c>--data DIR</c>: MovieLens; without it, <see cref="Tasks"/> generates cold-start users.</summary>
    public Option<string> Data { get; } = TextOptions.DataDirectory(
        "The MovieLens directory (an unpacked ml-100k, ml-1m or ml-latest-small).", "the unpacked MovieLens folder (e.g. ml-100k)");

    /// <summary><c>--algo</c>.</summary>
    public Option<string> Algo { get; } = TextOptions.Choice("--algo", "Learning strategy", MetaAlgorithmNames.All, MetaAlgorithmNames.Name(Defaults.Algo));

    /// <summary><c>--epochs</c>.</summary>
    public Option<int> Epochs { get; } = NumberOptions.Whole("--epochs", "Epochs of training.", 1, MaxEpochs, Defaults.Epochs);

    /// <summary><c>--pretrain-epochs</c>.</summary>
    public Option<int> PretrainEpochs { get; } = NumberOptions.Whole("--pretrain-epochs", "Epochs of global pretraining before meta-training.", 0, MaxEpochs, Defaults.PretrainEpochs);

    /// <summary><c>--meta-lr</c>.</summary>
    public Option<double> MetaLr { get; } = NumberOptions.Real("--meta-lr", "Adam learning rate of the outer update.", Defaults.MetaLr, 0, 1, lowExcluded: true, "RATE");

    /// <summary><c>--inner-lr</c>.</summary>
    public Option<double> InnerLr { get; } = NumberOptions.Real("--inner-lr", "SGD learning rate of the per-user adaptation.", Defaults.InnerLr, 0, 10, helpName: "RATE");

    /// <summary><c>--inner-steps</c>.</summary>
    public Option<int> InnerSteps { get; } = NumberOptions.Whole("--inner-steps", "SGD steps of the per-user adaptation.", 1, 100, Defaults.InnerSteps);

    /// <summary><c>--meta-batch</c>.</summary>
    public Option<int> MetaBatch { get; } = NumberOptions.Whole("--meta-batch", "Users per meta-batch.", 1, 100_000, Defaults.MetaBatch);

    /// <summary><c>--support-size</c>.</summary>
    public Option<int> SupportSize { get; } = NumberOptions.Whole("--support-size", "Largest support set per user.", 1, int.MaxValue, Defaults.SupportSize);

    /// <summary><c>--query-size</c>.</summary>
    public Option<int> QuerySize { get; } = NumberOptions.Whole("--query-size", "Query set size per user.", 1, int.MaxValue, Defaults.QuerySize);

    /// <summary><c>--dim</c>.</summary>
    public Option<int> Dim { get; } = NumberOptions.Whole("--dim", "Embedding width of every categorical field.", 1, 4096, Defaults.EmbeddingDim);

    /// <summary><c>--hidden</c>.</summary>
    public Option<int> Hidden { get; } = NumberOptions.Whole("--hidden", "Width of the hidden decision layers.", 1, 65_536, Defaults.Hidden);

    /// <summary><c>--global-lr</c>.</summary>
    public Option<double> GlobalLr { get; } = NumberOptions.Real("--global-lr", "Adam learning rate of the global model (baseline, transfer, pretraining).", Defaults.GlobalLr, 0, 1, lowExcluded: true, "RATE");

    /// <summary><c>--global-epochs</c>.</summary>
    public Option<int> GlobalEpochs { get; } = NumberOptions.Whole("--global-epochs", "Epochs of the global baseline model.", 0, MaxEpochs, Defaults.GlobalEpochs);

    /// <summary><c>--global-batch</c>.</summary>
    public Option<int> GlobalBatch { get; } = NumberOptions.Whole("--global-batch", "Ratings per batch of global training.", 1, 10_000_000, Defaults.GlobalBatch);

    /// <summary><c>--seed</c>.</summary>
    public Option<int> Seed { get; } = NumberOptions.Seed("Seed of initialisation, shuffling and batching.");

    /// <summary><c>--device</c>.</summary>
    public Option<string> Device { get; } = TextOptions.Device();

    /// <summary><c>--threads</c>: unset leaves LibTorch's own count, as <see cref="TrainingConfig.Threads"/> null does.</summary>
    public Option<int?> Threads { get; } = NumberOptions.OptionalWhole("--threads", "LibTorch intra-op threads (default: LibTorch's own).", 1, 1024);

    /// <summary><c>--no-baselines</c>.</summary>
    public Option<bool> NoBaselines { get; } = new("--no-baselines") { Description = "Skip the global-model and global-mean baselines (faster)." };

    /// <summary>Every option, in the order the help lists them.</summary>
    public IReadOnlyList<Option> All =>
    [
        Data, Algo, Epochs, PretrainEpochs, MetaLr, InnerLr, InnerSteps, MetaBatch, SupportSize, QuerySize, Dim, Hidden,
        GlobalLr, GlobalEpochs, GlobalBatch, Seed, Device, Threads, NoBaselines,
    ];

    /// <summary>Adds every option to a command.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in All)
            command.Options.Add(option);
    }

    /// <summary>The configuration a parsed command line asks for.</summary>
    public TrainingConfig Bind(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return new TrainingConfig
        {
            Data = parse.GetValue(Data),
            Algo = MetaAlgorithmNames.Parse(parse.GetRequiredValue(Algo)),
            Epochs = parse.GetValue(Epochs),
            PretrainEpochs = parse.GetValue(PretrainEpochs),
            MetaLr = parse.GetValue(MetaLr),
            InnerLr = parse.GetValue(InnerLr),
            InnerSteps = parse.GetValue(InnerSteps),
            MetaBatch = parse.GetValue(MetaBatch),
            SupportSize = parse.GetValue(SupportSize),
            QuerySize = parse.GetValue(QuerySize),
            EmbeddingDim = parse.GetValue(Dim),
            Hidden = parse.GetValue(Hidden),
            GlobalLr = parse.GetValue(GlobalLr),
            GlobalEpochs = parse.GetValue(GlobalEpochs),
            GlobalBatch = parse.GetValue(GlobalBatch),
            Seed = parse.GetValue(Seed),
            Device = parse.GetRequiredValue(Device),
            Threads = parse.GetValue(Threads),
            Baselines = !parse.GetValue(NoBaselines),
        };
    }

    /// <summary>The tasks a bound configuration trains on: MovieLens from <see cref="TrainingConfig.Data"/>, else
    /// the generated cold-start users of <see cref="SyntheticColdStartStudy.DataOptions"/>.</summary>
    /// <exception cref="IOException">The data cannot be read (or another exception of <see cref="RecommenderTrainer.LoadTasks"/>).</exception>
    public static ColdStartTasks Tasks(TrainingConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Data is null ? SyntheticColdStartStudy.GeneratedTasks(config) : RecommenderTrainer.LoadTasks(config.Data, config);
    }
}
