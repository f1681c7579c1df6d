using MetaOpt.Recommender;

namespace MetaOpt.Studies.Recommender;

/// <summary>The search space of the reference study (<c>bench/RECSYS.md</c>), shared by the meta-learning studies.</summary>
public static class ReferenceSearchSpace
{
    /// <summary>The meta-learning algorithms of the reference study.</summary>
    public static IReadOnlyList<string> Algorithms { get; } = ["maml", "fomaml", "reptile"];

    /// <summary>
    /// <c>algo</c> over <paramref name="algorithms"/>; <c>meta_lr</c> and <c>inner_lr</c> log-uniform in [1e-4, 1e-1];
    /// <c>inner_steps</c> in 1..5; <c>meta_batch</c> in 8..64 by 8 — in the order the Optuna peer suggests them.
    /// </summary>
    public static Dictionary<string, Distribution> Create(IReadOnlyList<string> algorithms) => new()
    {
        ["algo"] = new CategoricalDistribution(algorithms.Cast<object>().ToArray()),
        ["meta_lr"] = new FloatDistribution(1e-4, 1e-1, log: true),
        ["inner_lr"] = new FloatDistribution(1e-4, 1e-1, log: true),
        ["inner_steps"] = new IntDistribution(1, 5),
        ["meta_batch"] = new IntDistribution(8, 64, step: 8),
    };

    /// <summary>
    /// The reference space over <paramref name="algorithms"/> plus the size of the network around
    /// <paramref name="network"/>'s: <c>embedding_dim</c> and <c>hidden</c> log-uniform integers from a quarter to four
    /// times its widths, <c>hidden_layers</c> in 1..3; the space of the cost studies, whose second objective grows with them.
    /// </summary>
    public static Dictionary<string, Distribution> WithModelSize(IReadOnlyList<string> algorithms, TrainingConfig network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var space = Create(algorithms);
        space["embedding_dim"] = new IntDistribution(Math.Max(1, network.EmbeddingDim / 4), network.EmbeddingDim * 4, log: true);
        space["hidden"] = new IntDistribution(Math.Max(1, network.Hidden / 4), network.Hidden * 4, log: true);
        space["hidden_layers"] = new IntDistribution(1, 3);
        return space;
    }

    /// <summary>
    /// The reference space widened for a GPU: <c>meta_batch</c> in 32..256 by 32, and the network's shape searched
    /// too, <c>embedding_dim</c> log-uniform in 32..128, <c>hidden</c> log-uniform in 64..512 and <c>hidden_layers</c>
    /// in 2..4 (the reference's network, 32 and 64 with 2 layers, launches too little work per kernel to fill one).
    /// The bounds keep a meta-batch's per-user copies of the adapted weights (meta_batch × hidden² floats a layer,
    /// 256 MiB at the largest) within a trial's share of a packed GPU.
    /// </summary>
    public static Dictionary<string, Distribution> Wide(IReadOnlyList<string> algorithms)
    {
        var space = Create(algorithms);
        space["meta_batch"] = new IntDistribution(32, 256, step: 32);
        space["embedding_dim"] = new IntDistribution(32, 128, log: true);
        space["hidden"] = new IntDistribution(64, 512, log: true);
        space["hidden_layers"] = new IntDistribution(2, 4);
        return space;
    }
}
