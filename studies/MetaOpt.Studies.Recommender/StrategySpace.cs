using MetaOpt.Recommender;

namespace MetaOpt.Studies.Recommender;

/// <summary>
/// The conditional search space over learning strategies: first <c>strategy</c>, then only the parameters that
/// strategy uses. The transfer strategies (<c>zero-shot</c>: the global model as it is; <c>fine-tune</c>: plus
/// per-user SGD steps) search the global model's rate, batch and epochs; the meta strategies (<c>maml</c>,
/// <c>fomaml</c>, <c>reptile</c>, <c>metasgd</c>) the reference space plus <c>pretrain_epochs</c> (0 = from scratch).
/// The ranges are those of the single-strategy studies, so each of them, and each study baseline
/// (<see cref="BaselinePoints"/>), is a point of this space.
/// </summary>
public sealed class StrategySpace
{
    /// <summary>The name of the root parameter.</summary>
    public const string Parameter = "strategy";

    /// <summary>The global model without adaptation.</summary>
    public const string ZeroShot = "zero-shot";

    /// <summary>The global model fine-tuned on each user's support set.</summary>
    public const string FineTune = "fine-tune";

    /// <summary>The meta-learning strategies, named as their algorithms.</summary>
    public static IReadOnlyList<string> MetaStrategies { get; } = [.. ReferenceSearchSpace.Algorithms, "metasgd"];

    /// <summary>Every strategy, in the order of the root parameter's choices.</summary>
    public static IReadOnlyList<string> Strategies { get; } = [ZeroShot, FineTune, .. MetaStrategies];

    /// <summary>Builds the space.</summary>
    /// <param name="maxGlobalEpochs">The largest <c>global_epochs</c> (the study's epochs); at least the baseline's 5.</param>
    /// <param name="maxPretrainEpochs">The largest <c>pretrain_epochs</c>.</param>
    public StrategySpace(int maxGlobalEpochs, int maxPretrainEpochs)
    {
        var global = new Dictionary<string, Distribution>
        {
            ["global_lr"] = new FloatDistribution(1e-4, 1e-2, log: true),
            ["global_batch"] = new IntDistribution(64, 512, step: 64),
            ["global_epochs"] = new IntDistribution(1, maxGlobalEpochs),
        };
        var reference = ReferenceSearchSpace.Create(ReferenceSearchSpace.Algorithms);
        var fineTune = new Dictionary<string, Distribution>(global)
        {
            ["inner_lr"] = reference["inner_lr"],
            ["inner_steps"] = reference["inner_steps"],
        };
        var meta = reference.Where(kv => kv.Key != "algo").ToDictionary();
        meta["pretrain_epochs"] = new IntDistribution(0, maxPretrainEpochs);
        var byStrategy = new Dictionary<string, IReadOnlyDictionary<string, Distribution>>
        {
            [ZeroShot] = global,
            [FineTune] = fineTune,
        };
        foreach (var strategy in MetaStrategies)
            byStrategy[strategy] = meta;
        ByStrategy = byStrategy;

        var flat = new Dictionary<string, Distribution> { [Parameter] = new CategoricalDistribution(Strategies.Cast<object>().ToArray()) };
        foreach (var (name, distribution) in byStrategy.Values.SelectMany(p => p))
            flat.TryAdd(name, distribution);
        Flat = flat;
    }

    /// <summary>The parameters each strategy uses, in the order a trial suggests them.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, Distribution>> ByStrategy { get; }

    /// <summary><c>strategy</c> and every parameter any strategy uses: what listings and grids read.</summary>
    public IReadOnlyDictionary<string, Distribution> Flat { get; }

    /// <summary>Suggests the strategy, then the parameters of that strategy only.</summary>
    public IReadOnlyDictionary<string, object> Suggest(Trial trial)
    {
        var strategy = (string)trial.Suggest(Parameter, Flat[Parameter]);
        var values = new Dictionary<string, object> { [Parameter] = strategy };
        foreach (var (name, distribution) in ByStrategy[strategy])
            values[name] = trial.Suggest(name, distribution);
        return values;
    }

    /// <summary>
    /// The study baselines as points of the space, with the settings of <paramref name="defaults"/> the baselines
    /// train with: the global model zero-shot, and fine-tuned with the default inner rate and steps.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, object>> BaselinePoints(TrainingConfig defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        var zeroShot = new Dictionary<string, object>
        {
            [Parameter] = ZeroShot,
            ["global_lr"] = defaults.GlobalLr,
            ["global_batch"] = defaults.GlobalBatch,
            ["global_epochs"] = defaults.GlobalEpochs,
        };
        var fineTune = new Dictionary<string, object>(zeroShot)
        {
            [Parameter] = FineTune,
            ["inner_lr"] = defaults.InnerLr,
            ["inner_steps"] = defaults.InnerSteps,
        };
        return new Dictionary<string, IReadOnlyDictionary<string, object>> { [ZeroShot] = zeroShot, [FineTune] = fineTune };
    }

    /// <summary>What choosing <paramref name="strategy"/> sets in a configuration.</summary>
    /// <exception cref="ArgumentException">Not one of <see cref="Strategies"/>.</exception>
    public static TrainingConfig Apply(TrainingConfig config, string strategy) => strategy switch
    {
        ZeroShot => config with { Algo = MetaAlgorithm.Transfer, InnerSteps = 0, PretrainEpochs = 0 },
        FineTune => config with { Algo = MetaAlgorithm.Transfer, PretrainEpochs = 0 },
        _ when MetaStrategies.Contains(strategy) => config with { Algo = MetaAlgorithmNames.Parse(strategy) },
        _ => throw new ArgumentException($"Strategy '{strategy}' is unknown; use one of {string.Join(", ", Strategies)}.", nameof(strategy)),
    };
}
