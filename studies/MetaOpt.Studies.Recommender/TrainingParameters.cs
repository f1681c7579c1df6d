using System.Globalization;
using MetaOpt.Recommender;

namespace MetaOpt.Studies.Recommender;

/// <summary>
/// The study parameter names a recommender trial understands, and how each sets a <see cref="TrainingConfig"/>.
/// The names are the reference study's (<c>meta_lr</c>, <c>inner_steps</c>, ...), so stored studies compare with Optuna's.
/// </summary>
public static class TrainingParameters
{
    /// <summary>Every parameter name a search space may use.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["strategy", "algo", "meta_lr", "inner_lr", "inner_steps", "meta_batch", "pretrain_epochs", "global_lr", "global_batch", "global_epochs",
         "embedding_dim", "hidden", "hidden_layers"];

    /// <summary>The configuration with every given parameter applied, in order (<c>strategy</c> first, as suggested).</summary>
    /// <exception cref="ArgumentException">A parameter name is not one of <see cref="Names"/>.</exception>
    public static TrainingConfig Apply(TrainingConfig config, IReadOnlyDictionary<string, object> parameters)
    {
        foreach (var (name, value) in parameters)
            config = name switch
            {
                "strategy" => StrategySpace.Apply(config, (string)value),
                "algo" => config with { Algo = MetaAlgorithmNames.Parse((string)value) },
                "meta_lr" => config with { MetaLr = Number(value) },
                "inner_lr" => config with { InnerLr = Number(value) },
                "inner_steps" => config with { InnerSteps = (int)value },
                "meta_batch" => config with { MetaBatch = (int)value },
                "pretrain_epochs" => config with { PretrainEpochs = (int)value },
                "global_lr" => config with { GlobalLr = Number(value) },
                "global_batch" => config with { GlobalBatch = (int)value },
                // The epochs of the transfer strategies' only training, the global model's.
                "global_epochs" => config with { Epochs = (int)value },
                // The network's size, which the cost and GPU-sized studies search beside the rates.
                "embedding_dim" => config with { EmbeddingDim = (int)value },
                "hidden" => config with { Hidden = (int)value },
                "hidden_layers" => config with { HiddenLayers = (int)value },
                _ => throw new ArgumentException(
                    $"Parameter '{name}' does not set anything in a training run; use one of {string.Join(", ", Names)}.", nameof(parameters)),
            };
        return config;
    }

    private static double Number(object value) => Convert.ToDouble(value, CultureInfo.InvariantCulture);
}
