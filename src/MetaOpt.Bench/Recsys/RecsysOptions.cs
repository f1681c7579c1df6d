using System.CommandLine;
using MetaOpt.Recommender;

namespace MetaOpt.Bench.Recsys;

/// <summary>The reference script's command-line options (same names and defaults), bound to a <see cref="TrainingConfig"/>.</summary>
internal sealed class RecsysOptions
{
    public Option<string> Data { get; } = new("--data") { Description = "MovieLens directory (100K, 1M or latest); the shared copy beside the repository by default", DefaultValueFactory = _ => "../shared/data/ml-100k" };
    public Option<string> Algo { get; } = new("--algo") { Description = string.Join(", ", MetaAlgorithmNames.All), DefaultValueFactory = _ => "maml" };
    public Option<int> Epochs { get; } = new("--epochs") { DefaultValueFactory = _ => 5 };
    public Option<int> PretrainEpochs { get; } = new("--pretrain-epochs") { DefaultValueFactory = _ => 0 };
    public Option<double> MetaLr { get; } = new("--meta-lr") { DefaultValueFactory = _ => 1e-3 };
    public Option<double> InnerLr { get; } = new("--inner-lr") { DefaultValueFactory = _ => 1e-2 };
    public Option<int> InnerSteps { get; } = new("--inner-steps") { DefaultValueFactory = _ => 1 };
    public Option<int> MetaBatch { get; } = new("--meta-batch") { DefaultValueFactory = _ => 32 };
    public Option<int> SupportSize { get; } = new("--support-size") { DefaultValueFactory = _ => 20 };
    public Option<int> QuerySize { get; } = new("--query-size") { DefaultValueFactory = _ => 10 };
    public Option<int> Dim { get; } = new("--dim") { DefaultValueFactory = _ => 32 };
    public Option<int> Hidden { get; } = new("--hidden") { DefaultValueFactory = _ => 64 };
    public Option<double> GlobalLr { get; } = new("--global-lr") { DefaultValueFactory = _ => 1e-3 };
    public Option<int> GlobalEpochs { get; } = new("--global-epochs") { DefaultValueFactory = _ => 5 };
    public Option<int> GlobalBatch { get; } = new("--global-batch") { DefaultValueFactory = _ => 256 };
    public Option<int> Seed { get; } = new("--seed") { DefaultValueFactory = _ => 0 };
    public Option<int> Threads { get; } = new("--threads") { DefaultValueFactory = _ => 2 };
    public Option<string> Device { get; } = new("--device") { DefaultValueFactory = _ => "cpu" };

    public IEnumerable<Option> All =>
        [Data, Algo, Epochs, PretrainEpochs, MetaLr, InnerLr, InnerSteps, MetaBatch, SupportSize, QuerySize, Dim, Hidden,
         GlobalLr, GlobalEpochs, GlobalBatch, Seed, Threads, Device];

    public void AddTo(Command command)
    {
        foreach (var option in All) command.Options.Add(option);
    }

    public TrainingConfig Bind(ParseResult result) => new()
    {
        Data = result.GetValue(Data),
        Algo = MetaAlgorithmNames.Parse(result.GetValue(Algo)!),
        Epochs = result.GetValue(Epochs),
        PretrainEpochs = result.GetValue(PretrainEpochs),
        MetaLr = result.GetValue(MetaLr),
        InnerLr = result.GetValue(InnerLr),
        InnerSteps = result.GetValue(InnerSteps),
        MetaBatch = result.GetValue(MetaBatch),
        SupportSize = result.GetValue(SupportSize),
        QuerySize = result.GetValue(QuerySize),
        EmbeddingDim = result.GetValue(Dim),
        Hidden = result.GetValue(Hidden),
        GlobalLr = result.GetValue(GlobalLr),
        GlobalEpochs = result.GetValue(GlobalEpochs),
        GlobalBatch = result.GetValue(GlobalBatch),
        Seed = result.GetValue(Seed),
        Threads = result.GetValue(Threads),
        Device = result.GetValue(Device)!,
    };
}
