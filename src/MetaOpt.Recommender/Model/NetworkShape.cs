namespace MetaOpt.Recommender.Model;

/// <summary>Sizes of the MeLU-style network and which of its decision layers adapt per user.</summary>
/// <param name="EmbeddingDim">Width d of every field's embedding.</param>
/// <param name="Hidden">Width h of the hidden decision layers.</param>
/// <param name="HiddenLayers">Number of hidden decision layers.</param>
/// <param name="AdaptedLayers">Decision layers, counted from the output, that adapt in the inner loop.</param>
internal sealed record NetworkShape(int EmbeddingDim, int Hidden, int HiddenLayers, int AdaptedLayers)
{
    public static NetworkShape Of(TrainingConfig config) =>
        new(config.EmbeddingDim, config.Hidden, config.HiddenLayers, config.AdaptedLayers ?? config.DecisionLayers);

    public int DecisionLayers => HiddenLayers + 1;
}
