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

    /// <summary>The parameters of <see cref="MeLUNetwork"/> of this shape on <paramref name="schema"/>'s fields: every
    /// embedding table, the genre map and the decision layers; with <paramref name="learnedRates"/> also Meta-SGD's
    /// one inner rate per adapted weight.</summary>
    public long ParameterCount(FeatureSchema schema, bool learnedRates)
    {
        long d = EmbeddingDim;
        long embeddings = schema.UserFieldSizes.Sum(size => (long)size) * d + d * schema.GenreCount + schema.YearBucketCount * d + (schema.ItemCount + 1) * d;
        var widths = Enumerable.Repeat((long)Hidden, HiddenLayers).Prepend((schema.UserFieldSizes.Count + 3) * d).Append(1).ToArray();
        var layers = Enumerable.Range(0, DecisionLayers).Select(k => widths[k] * widths[k + 1] + widths[k + 1]).ToArray();
        return embeddings + layers.Sum() + (learnedRates ? layers[(DecisionLayers - AdaptedLayers)..].Sum() : 0);
    }
}
