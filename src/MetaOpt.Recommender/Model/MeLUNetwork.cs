using MetaOpt.Recommender.Numerics;
using MetaOpt.Recommender.Training;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;
using Parameter = TorchSharp.Modules.Parameter;

namespace MetaOpt.Recommender.Model;

/// <summary>
/// The MeLU-style network of the reference workload: one embedding table per categorical field (user fields,
/// release year, item id), genres through a bias-free linear map of the weighted multi-hot vector, and the
/// concatenation fed through ReLU decision layers to one output. The forward is functional: the decision
/// layers' weights are passed in, so the inner loop can run on per-user fast weights without touching the
/// parameters. Fast weights may carry a leading task dimension (one copy per user of a batch).
/// </summary>
internal sealed class MeLUNetwork : IDisposable
{
    private readonly Parameter[] _userTables;
    private readonly Parameter _genreWeight;
    private readonly Parameter _yearTable;
    private readonly Parameter _itemTable;
    private readonly Parameter[] _decision;

    /// <summary>Initialises as the reference does: embeddings N(0, 1), genre map U(±1/√G) (nn.Linear's default),
    /// decision weights Xavier-uniform, biases zero. All draws come from <paramref name="random"/>.</summary>
    public MeLUNetwork(FeatureSchema schema, NetworkShape shape, Device device, ScalarType dtype, Random random)
    {
        Shape = shape;
        int d = shape.EmbeddingDim;
        Parameter Make(long[] dims, Func<double> draw) =>
            new(tensor(Enumerable.Range(0, (int)dims.Aggregate(1L, (a, b) => a * b)).Select(_ => draw()).ToArray(), dims, dtype, device));
        Parameter Normal(long rows) => Make([rows, d], random.NextGaussian);
        Parameter Uniform(long rows, long cols, double bound) => Make([rows, cols], () => bound * (2 * random.NextDouble() - 1));

        _userTables = schema.UserFieldSizes.Select(size => Normal(size)).ToArray();
        _genreWeight = Uniform(d, schema.GenreCount, 1 / Math.Sqrt(schema.GenreCount));
        _yearTable = Normal(schema.YearBucketCount);
        _itemTable = Normal(schema.ItemCount + 1);

        InputWidth = (_userTables.Length + 3) * d;
        var widths = Enumerable.Repeat(shape.Hidden, shape.HiddenLayers).Prepend(InputWidth).Append(1).ToArray();
        _decision = Enumerable.Range(0, shape.DecisionLayers).SelectMany(layer => new[]
        {
            Uniform(widths[layer + 1], widths[layer], Math.Sqrt(6.0 / (widths[layer] + widths[layer + 1]))),
            Make([widths[layer + 1]], () => 0),
        }).ToArray();
        Parameters = [.. _userTables, _genreWeight, _yearTable, _itemTable, .. _decision];
    }

    public NetworkShape Shape { get; }

    /// <summary>Width of the concatenated field embeddings.</summary>
    public int InputWidth { get; }

    /// <summary>Every parameter (embeddings and decision layers), the outer loop's variables.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Weight and bias of each decision layer, input layer first: W0, b0, W1, b1, ...</summary>
    public IReadOnlyList<Parameter> DecisionWeights => _decision;

    /// <summary>Index in <see cref="DecisionWeights"/> of the first weight that adapts in the inner loop.</summary>
    public int FirstAdapted => 2 * (Shape.DecisionLayers - Shape.AdaptedLayers);

    /// <summary>The concatenated field embeddings of every row: [tasks, rows, <see cref="InputWidth"/>].</summary>
    public Tensor Embed(TaskTensors rows)
    {
        long tasks = rows.Items.shape[0], n = rows.Items.shape[1];
        var parts = new List<Tensor>(_userTables.Length + 3);
        // A user's fields are the same on all of the user's rows: look them up once per task and broadcast.
        for (int f = 0; f < _userTables.Length; f++)
            parts.Add(_userTables[f].index_select(0, rows.UserCodes.select(1, f)).unsqueeze(1).expand(tasks, n, -1));
        parts.Add(rows.Genres.matmul(_genreWeight.t()));
        parts.Add(_yearTable.index_select(0, rows.Years.flatten()).view(tasks, n, -1));
        parts.Add(_itemTable.index_select(0, rows.Items.flatten()).view(tasks, n, -1));
        return cat(parts, 2);
    }

    /// <summary>Predicted ratings [tasks, rows] from embeddings [tasks, rows, width] and decision weights, each
    /// either shared (2-D weight, 1-D bias) or per task (3-D weight, 2-D bias).</summary>
    public static Tensor Head(Tensor x, IReadOnlyList<Tensor> weights) =>
        Layer(Hidden(x, weights.Take(weights.Count - 2).ToArray()), weights[^2], weights[^1]).squeeze(-1);

    /// <summary>The hidden layers' output [tasks, rows, h] (ReLU after each): what the output layer of
    /// <see cref="Head"/> reads, from the weights of every decision layer but the output one.</summary>
    public static Tensor Hidden(Tensor x, IReadOnlyList<Tensor> weights)
    {
        var h = x;
        for (int k = 0; k < weights.Count; k += 2)
            h = F.relu(Layer(h, weights[k], weights[k + 1]));
        return h;
    }

    // Per-task weights: a batched product. (Tensor.baddbmm of TorchSharp 0.107 mixes up its operands.)
    private static Tensor Layer(Tensor h, Tensor w, Tensor b) =>
        w.dim() == 3 ? h.matmul(w.transpose(1, 2)).add(b.unsqueeze(1)) : F.linear(h, w, b);

    /// <summary>Copies every parameter value from <paramref name="source"/> (same schema and shape).</summary>
    public void CopyFrom(MeLUNetwork source)
    {
        using var noGrad = no_grad();
        for (int k = 0; k < Parameters.Count; k++) Parameters[k].copy_(source.Parameters[k]);
    }

    /// <summary>Every parameter's values, in <see cref="Parameters"/> order, as plain arrays that outlive the network.</summary>
    public float[][] Snapshot() => Parameters.Select(p => HostRead.Floats(p)).ToArray();

    /// <summary>Sets every parameter to the values of a <see cref="Snapshot"/> of a network of the same schema and shape.</summary>
    public void Load(IReadOnlyList<float[]> values)
    {
        using var noGrad = no_grad();
        for (int k = 0; k < Parameters.Count; k++)
            Parameters[k].copy_(tensor(values[k], Parameters[k].shape, float32));
    }

    public void Dispose()
    {
        foreach (var p in Parameters) p.Dispose();
    }
}
