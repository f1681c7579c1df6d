namespace MetaOpt.Importance;

/// <summary>The functional ANOVA of one regression tree: how much of its variance each single input explains.</summary>
/// <remarks>
/// Hutter, Hoos and Leyton-Brown, "An Efficient Approach for Assessing Hyperparameter Importance" (ICML 2014).
/// Under a uniform measure on the bounded input box, a tree is a step function over its leaf boxes, so its mean,
/// its variance and each input's marginal (the prediction averaged over all other inputs) are exact finite sums.
/// Input i's main effect is the variance of its marginal; divided by the tree's total variance it is the fraction
/// of variance that input explains alone.
/// </remarks>
internal static class FanovaDecomposition
{
    /// <summary>Each input's fraction of the tree's variance; null when the tree is constant.</summary>
    public static double[]? MainEffectFractions(IReadOnlyList<RegressionTree.Leaf> leaves, double[] lower, double[] upper)
    {
        var dimensions = lower.Length;
        var width = Enumerable.Range(0, dimensions).Select(d => upper[d] - lower[d]).ToArray();
        // A leaf's weight is the share of the input box its own box covers.
        var weights = leaves.Select(leaf => Enumerable.Range(0, dimensions)
            .Aggregate(1.0, (w, d) => w * (leaf.Upper[d] - leaf.Lower[d]) / width[d])).ToArray();
        var mean = leaves.Select((leaf, l) => weights[l] * leaf.Value).Sum();
        var variance = leaves.Select((leaf, l) => weights[l] * Square(leaf.Value - mean)).Sum();
        if (!(variance > 1e-14 * Math.Max(1, mean * mean)))
            return null;

        var fractions = new double[dimensions];
        for (var d = 0; d < dimensions; d++)
        {
            var cuts = leaves.SelectMany(leaf => new[] { leaf.Lower[d], leaf.Upper[d] }).Distinct().Order().ToArray();
            double effect = 0;
            for (var c = 0; c + 1 < cuts.Length; c++)
            {
                var middle = (cuts[c] + cuts[c + 1]) / 2;
                // The marginal at x_d: the leaves whose box contains x_d, each weighted by its share of the other inputs.
                double marginal = 0;
                for (var l = 0; l < leaves.Count; l++)
                {
                    var leaf = leaves[l];
                    if (leaf.Lower[d] <= middle && middle < leaf.Upper[d])
                        marginal += leaf.Value * weights[l] * width[d] / (leaf.Upper[d] - leaf.Lower[d]);
                }
                effect += (cuts[c + 1] - cuts[c]) / width[d] * Square(marginal - mean);
            }
            fractions[d] = effect / variance;
        }
        return fractions;
    }

    private static double Square(double x) => x * x;
}
