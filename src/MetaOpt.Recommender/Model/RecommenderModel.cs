using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MetaOpt.Recommender.Evaluation;
using MetaOpt.Recommender.Model;
using MetaOpt.Recommender.Training;
using static TorchSharp.torch;

namespace MetaOpt.Recommender;

/// <summary>
/// A trained recommender as a trial keeps it: its weights (the network's state dict and Meta-SGD's learned inner
/// rates, in the safetensors layout, so Python's <c>safetensors</c> reads them too) and what rebuilds and adapts the
/// network (sizes, feature schema, strategy, inner rate and steps, support size, training-data statistics) as JSON.
/// Its weights are copies on the CPU: the model outlives its run's tensors.
/// </summary>
public sealed class RecommenderModel
{
    /// <summary>The artifact name of the weights.</summary>
    public const string WeightsName = "model.safetensors";

    /// <summary>The artifact name of the description that rebuilds the network.</summary>
    public const string DescriptionName = "model.json";

    private const string Format = "metaopt-melu/1";

    private readonly IReadOnlyList<(string Name, long[] Shape, float[] Values)> _tensors;

    private RecommenderModel(IReadOnlyList<(string, long[], float[])> tensors, JsonObject description)
    {
        _tensors = tensors;
        Description = description;
        var shape = description["shape"]!;
        Shape = new NetworkShape(shape["embedding_dim"]!.GetValue<int>(), shape["hidden"]!.GetValue<int>(), shape["hidden_layers"]!.GetValue<int>(), shape["adapted_layers"]!.GetValue<int>());
        var schema = description["schema"]!;
        Schema = new FeatureSchema(schema["user_field_sizes"]!.AsArray().Select(n => n!.GetValue<int>()).ToList(), schema["genre_count"]!.GetValue<int>(),
            schema["year_bucket_count"]!.GetValue<int>(), schema["item_count"]!.GetValue<int>());
    }

    /// <summary>The feature sizes the network was built for; data to predict on must have the same.</summary>
    public FeatureSchema Schema { get; }

    /// <summary>The description as stored (<see cref="DescriptionName"/>).</summary>
    public JsonObject Description { get; }

    /// <summary>How many ratings of a user's history adapt the network to them.</summary>
    public int SupportSize => Description["support_size"]!.GetValue<int>();

    /// <summary>How many of a user's latest ratings were the query set the model was scored on.</summary>
    public int QuerySize => Description["query_size"]!.GetValue<int>();

    /// <summary>The generator settings of the data the model was trained on when it was generated (no data folder needed to predict); null otherwise.</summary>
    public SyntheticColdStartOptions? GeneratedData => Description["generated_data"] is JsonObject g
        ? new SyntheticColdStartOptions
        {
            Users = g["users"]!.GetValue<int>(), Items = g["items"]!.GetValue<int>(),
            MinRatingsPerUser = g["min_ratings_per_user"]!.GetValue<int>(), MaxRatingsPerUser = g["max_ratings_per_user"]!.GetValue<int>(),
            LatentDim = g["latent_dim"]!.GetValue<int>(), PersonalBiasStd = g["personal_bias_std"]!.GetValue<double>(),
            NoiseStd = g["noise_std"]!.GetValue<double>(), Seed = g["seed"]!.GetValue<int>(),
        }
        : null;

    /// <summary>The model with the settings of the generator its data came from recorded (<see cref="GeneratedData"/>).</summary>
    public RecommenderModel WithGeneratedData(SyntheticColdStartOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var description = (JsonObject)Description.DeepClone();
        description["generated_data"] = new JsonObject
        {
            ["users"] = options.Users, ["items"] = options.Items,
            ["min_ratings_per_user"] = options.MinRatingsPerUser, ["max_ratings_per_user"] = options.MaxRatingsPerUser,
            ["latent_dim"] = options.LatentDim, ["personal_bias_std"] = options.PersonalBiasStd,
            ["noise_std"] = options.NoiseStd, ["seed"] = options.Seed,
        };
        return new RecommenderModel(_tensors, description);
    }

    internal NetworkShape Shape { get; }

    /// <summary>The trained network and its inner rates, copied to the CPU.</summary>
    internal static RecommenderModel Capture(MeLUNetwork network, IReadOnlyList<Tensor> rates, bool learnedRates, TrainingConfig config, FeatureSchema schema, DatasetStatistics statistics, double trainMean)
    {
        var names = ParameterNames(schema, network.Shape);
        var tensors = network.Parameters.Select((p, k) => (names[k], p.shape, HostRead.Floats(p))).ToList();
        if (learnedRates)
            tensors.AddRange(rates.Select((r, k) => ($"inner_rate.{k}", r.shape, HostRead.Floats(r))));
        var description = new JsonObject
        {
            ["format"] = Format,
            ["shape"] = new JsonObject
            {
                ["embedding_dim"] = network.Shape.EmbeddingDim, ["hidden"] = network.Shape.Hidden,
                ["hidden_layers"] = network.Shape.HiddenLayers, ["adapted_layers"] = network.Shape.AdaptedLayers,
            },
            ["schema"] = new JsonObject
            {
                ["user_field_sizes"] = new JsonArray(schema.UserFieldSizes.Select(s => (JsonNode)s).ToArray()),
                ["genre_count"] = schema.GenreCount, ["year_bucket_count"] = schema.YearBucketCount, ["item_count"] = schema.ItemCount,
            },
            ["strategy"] = MetaAlgorithmNames.Name(config.Algo),
            ["inner_lr"] = config.InnerLr,
            ["learned_inner_rates"] = learnedRates,
            ["inner_steps"] = config.InnerSteps,
            ["support_size"] = config.SupportSize,
            ["query_size"] = config.QuerySize,
            ["seed"] = config.Seed,
            ["data"] = new JsonObject
            {
                ["train_mean_rating"] = trainMean,
                ["statistics"] = new JsonObject(statistics.ToDictionary().Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
            },
        };
        return new RecommenderModel(tensors, description);
    }

    /// <summary>Writes the weights (safetensors: an 8-byte little-endian header length, a JSON header, then float32 data) and the description.</summary>
    public void Write(Stream weights, Stream description)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(description);
        var header = new JsonObject();
        long offset = 0;
        foreach (var (name, shape, values) in _tensors)
        {
            header[name] = new JsonObject
            {
                ["dtype"] = "F32",
                ["shape"] = new JsonArray(shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + 4L * values.Length),
            };
            offset += 4L * values.Length;
        }
        var headerBytes = Encoding.UTF8.GetBytes(header.ToJsonString());
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)headerBytes.Length);
        weights.Write(length);
        weights.Write(headerBytes);
        foreach (var (_, _, values) in _tensors)
        {
            var bytes = new byte[4 * values.Length];
            for (var k = 0; k < values.Length; k++)
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * k), values[k]);
            weights.Write(bytes);
        }
        description.Write(Encoding.UTF8.GetBytes(Description.ToJsonString(new JsonSerializerOptions { WriteIndented = true })));
    }

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The files are not a MetaOpt recommender model.</exception>
    public static RecommenderModel Read(Stream weights, Stream description)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(description);
        try
        {
            var about = JsonNode.Parse(description) as JsonObject ?? throw new InvalidDataException("the description is not a JSON object");
            if (about["format"]?.GetValue<string>() != Format)
                throw new InvalidDataException($"the description's format is '{about["format"]}', not '{Format}'");
            using var memory = new MemoryStream();
            weights.CopyTo(memory);
            var bytes = memory.ToArray();
            var headerLength = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(bytes));
            var header = JsonNode.Parse(bytes.AsSpan(8, headerLength))!.AsObject();
            var data = 8 + headerLength;
            var tensors = header.Where(kv => kv.Key != "__metadata__").Select(kv =>
            {
                var offsets = kv.Value!["data_offsets"]!.AsArray().Select(n => n!.GetValue<long>()).ToArray();
                var values = new float[(offsets[1] - offsets[0]) / 4];
                for (var k = 0; k < values.Length; k++)
                    values[k] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(checked((int)(data + offsets[0] + 4 * k))));
                return (kv.Key, kv.Value["shape"]!.AsArray().Select(n => n!.GetValue<long>()).ToArray(), values);
            }).ToList();
            return new RecommenderModel(tensors, about);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or ArgumentException or OverflowException or FormatException)
        {
            throw new InvalidDataException($"not a MetaOpt recommender model: {e.Message}", e);
        }
    }

    /// <summary>
    /// The ratings the model predicts for <paramref name="items"/> after adapting to one user on
    /// <paramref name="support"/> (their known ratings, as the training adapted on a user's support set).
    /// </summary>
    /// <param name="userCodes">The user's categorical features, in the schema's order.</param>
    /// <param name="support">Ratings of the user to adapt on (at most <see cref="SupportSize"/> are used, the latest).</param>
    /// <param name="items">Dense item indices to rate.</param>
    /// <param name="itemFeatures">Every item's content, by dense index.</param>
    /// <param name="device">The device to compute on.</param>
    public IReadOnlyList<double> Predict(IReadOnlyList<int> userCodes, IReadOnlyList<Rating> support, IReadOnlyList<int> items,
        IReadOnlyDictionary<int, ItemFeatures> itemFeatures, string device = "cpu")
    {
        ArgumentNullException.ThrowIfNull(support);
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
            return [];
        var rows = support.OrderBy(r => r.Timestamp).ThenBy(r => r.Item).TakeLast(SupportSize).ToList();
        var task = new UserTask(0, userCodes, rows, items.Select(i => new Rating(0, i, 0, 0)).ToList());
        // A user without ratings gets the meta-learned initialisation itself.
        return PredictAdapted([task], itemFeatures, device, rows.Count == 0 ? 0 : InnerSteps)[0];
    }

    /// <summary>
    /// The cold-start tasks of <paramref name="data"/> as the model's trial saw them: the same split of users and the
    /// same support and query sizes, so its meta-validation and meta-test users are the trial's.
    /// </summary>
    /// <exception cref="ArgumentException">The data does not fit the model (<see cref="CheckFits"/>), or has too few users to split.</exception>
    public ColdStartTasks Tasks(RatingDataset data)
    {
        CheckFits(data);
        return ColdStartTasks.Build(data, SupportSize, QuerySize);
    }

    /// <summary>Refuses data of another shape (items, genres, user fields) than the network was built for.</summary>
    /// <exception cref="ArgumentException">The data does not fit the model; the message says both shapes.</exception>
    public void CheckFits(RatingDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckSchema(data.Schema, $"the data in '{data.Name}'");
    }

    /// <summary>
    /// Refuses tasks that are not cut from the data the model was trained on: another shape (<see cref="CheckFits"/>),
    /// other data statistics (users, items, ratings, their mean and spread), or other support and query sizes.
    /// </summary>
    /// <exception cref="ArgumentException">The tasks do not match; the message names the first difference.</exception>
    public void CheckTrainedOn(ColdStartTasks tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        CheckSchema(tasks.Schema, "the data");
        var stored = Description["data"]?["statistics"] as JsonObject;
        foreach (var (name, value) in tasks.Statistics.ToDictionary())
            if (stored?[name]?.GetValue<double>() is not { } kept || Math.Abs(kept - value) > 1e-9 * Math.Max(1, Math.Abs(value)))
                throw new ArgumentException($"the data is not the data the model was trained on: its {name} is {value.ToString("G6", CultureInfo.InvariantCulture)}, the model's {stored?[name]?.ToJsonString() ?? "unrecorded"}");
        if (tasks.SupportSize != SupportSize || tasks.QuerySize != QuerySize)
            throw new ArgumentException($"the tasks have support {tasks.SupportSize} and query {tasks.QuerySize}; the model was trained with support {SupportSize} and query {QuerySize}");
    }

    /// <summary>
    /// <paramref name="config"/> with this model's network (sizes, adapted layers), strategy, inner rate and steps,
    /// and support and query sizes: the configuration the model was trained with, as far as it records it.
    /// </summary>
    public TrainingConfig ApplyTo(TrainingConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config with
        {
            EmbeddingDim = Shape.EmbeddingDim, Hidden = Shape.Hidden, HiddenLayers = Shape.HiddenLayers, AdaptedLayers = Shape.AdaptedLayers,
            Algo = MetaAlgorithmNames.Parse(Description["strategy"]!.GetValue<string>()),
            InnerLr = Description["inner_lr"]!.GetValue<double>(), InnerSteps = InnerSteps,
            SupportSize = SupportSize, QuerySize = QuerySize,
        };
    }

    private void CheckSchema(FeatureSchema data, string what)
    {
        if (!data.UserFieldSizes.SequenceEqual(Schema.UserFieldSizes) || data.GenreCount != Schema.GenreCount || data.ItemCount != Schema.ItemCount)
            throw new ArgumentException(
                $"{what} ({data.ItemCount} items, {data.GenreCount} genres, user fields [{string.Join(", ", data.UserFieldSizes)}]) is not the kind the model was trained on " +
                $"({Schema.ItemCount} items, {Schema.GenreCount} genres, user fields [{string.Join(", ", Schema.UserFieldSizes)}])");
    }

    /// <summary>
    /// Each task's query predictions, in the order of its <see cref="UserTask.Query"/>, after adapting to the user on
    /// the task's support set with the trained inner steps and rates, users adapted together as the trial's
    /// evaluation adapted them: the predictions its validation and test metrics came from (in float32).
    /// </summary>
    /// <param name="tasks">The users, e.g. <see cref="ColdStartTasks.Validation"/> of <see cref="Tasks"/>.</param>
    /// <param name="itemFeatures">Every item's content, by dense index.</param>
    /// <param name="device">The device to compute on.</param>
    public IReadOnlyList<double[]> PredictQueries(IReadOnlyList<UserTask> tasks, IReadOnlyDictionary<int, ItemFeatures> itemFeatures, string device = "cpu")
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(itemFeatures);
        return tasks.Count == 0 ? [] : PredictAdapted(tasks, itemFeatures, device, InnerSteps);
    }

    private int InnerSteps => Description["inner_steps"]!.GetValue<int>();

    private List<double[]> PredictAdapted(IReadOnlyList<UserTask> tasks, IReadOnlyDictionary<int, ItemFeatures> itemFeatures, string device, int steps)
    {
        using var scope = NewDisposeScope();
        var target = ComputeDevice.Parse(device);
        using var network = Rebuild(target);
        TaskTensors Pack(Func<UserTask, IReadOnlyList<Rating>> rows) =>
            TaskTensors.Pack(tasks.Select(t => t.UserCodes).ToList(), tasks.Select(rows).ToList(), Schema, itemFeatures, target, float32);
        var split = new SplitTensors(Pack(t => t.Support), Pack(t => t.Query), null);
        var padded = Evaluator.Predict(network, split, steps, Rates(network, target), [split.Query])[0];
        var width = (int)split.Query.Items.shape[1];
        return tasks.Select((t, k) => padded.AsSpan(k * width, t.Query.Count).ToArray()).ToList();
    }

    /// <summary>The network with the model's weights, on <paramref name="device"/> in float32.</summary>
    /// <exception cref="InvalidDataException">The weights do not match the description.</exception>
    internal MeLUNetwork Rebuild(Device device)
    {
        var network = new MeLUNetwork(Schema, Shape, device, float32, new Random(0));
        var names = ParameterNames(Schema, Shape);
        var byName = _tensors.ToDictionary(t => t.Name);
        using var noGrad = no_grad();
        for (var k = 0; k < network.Parameters.Count; k++)
        {
            if (!byName.TryGetValue(names[k], out var stored) || !stored.Shape.SequenceEqual(network.Parameters[k].shape))
                throw new InvalidDataException($"the weights lack '{names[k]}' of shape [{string.Join(", ", network.Parameters[k].shape)}]: they do not match their description");
            network.Parameters[k].copy_(tensor(stored.Values, stored.Shape).to(device));
        }
        return network;
    }

    /// <summary>The inner rates the model adapts with: Meta-SGD's learned ones, else its scalar rate, for each adapted weight of <paramref name="network"/>.</summary>
    internal IReadOnlyList<Tensor> Rates(MeLUNetwork network, Device device) =>
        Description["learned_inner_rates"]!.GetValue<bool>()
            ? _tensors.Where(t => t.Name.StartsWith("inner_rate.", StringComparison.Ordinal))
                .OrderBy(t => int.Parse(t.Name["inner_rate.".Length..], CultureInfo.InvariantCulture))
                .Select(t => tensor(t.Values, t.Shape).to(device)).ToList()
            : InnerLoop.ScalarRates(network, Description["inner_lr"]!.GetValue<double>());

    // The state dict's keys, in the order of MeLUNetwork.Parameters.
    private static List<string> ParameterNames(FeatureSchema schema, NetworkShape shape) =>
    [
        .. schema.UserFieldSizes.Select((_, f) => $"user_field.{f}"), "genre", "year", "item",
        .. Enumerable.Range(0, shape.DecisionLayers).SelectMany(l => new[] { $"decision.{l}.weight", $"decision.{l}.bias" }),
    ];

}
