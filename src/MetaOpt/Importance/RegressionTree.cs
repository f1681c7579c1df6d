namespace MetaOpt.Importance;

/// <summary>
/// A CART regression tree (squared-error splits), grown on a bootstrap sample as one member of a random forest: the
/// one forest implementation, shared by fANOVA (<see cref="FanovaImportanceEvaluator"/>) and the random-forest
/// sampler (<see cref="RandomForestSampler"/>).
/// </summary>
/// <remarks>
/// Numeric thresholds sit halfway between neighbouring observed values, except at the edge of a conditional
/// parameter's inactive cell (<see cref="TreeSettings.ActiveLower"/>), where the threshold is the active range's
/// lower bound so the cell keeps its intended measure. A categorical column (<see cref="TreeSettings.Categorical"/>)
/// is split into two sets of categories: ordering the categories by their mean value and splitting that order is
/// optimal for squared error (Breiman et al. 1984), so k categories cost k − 1 candidate splits, not 2^(k−1).
/// </remarks>
internal sealed class RegressionTree
{
    private readonly List<Node> _nodes = [];

    private RegressionTree()
    {
    }

    /// <summary>A leaf: its box in input space (one [Lower, Upper) interval per column) and its prediction.</summary>
    public sealed record Leaf(double[] Lower, double[] Upper, double Value);

    /// <summary>How a tree is grown.</summary>
    /// <param name="MaxDepth">Deepest node, at least 1.</param>
    /// <param name="MinSamplesLeaf">Fewest samples in a leaf, at least 1.</param>
    /// <param name="MinSamplesSplit">Fewest samples a node needs to be split, at least 2.</param>
    /// <param name="MaxFeatures">Columns tried per split, drawn at random, at least 1.</param>
    /// <param name="Categorical">Per column, whether it holds category indices (split by sets); all numeric when null.</param>
    /// <param name="ActiveLower">Per column, the lower bound of a conditional parameter's active range (fANOVA); none when null.</param>
    /// <param name="RandomThresholds">Put a numeric threshold at a uniform random point between the two neighbouring
    /// values rather than halfway: the forest's mean and variance then change gradually between observations instead
    /// of jumping at the midpoints, which a surrogate's acquisition needs (SMAC's forest does the same).</param>
    public sealed record TreeSettings(
        int MaxDepth, int MinSamplesLeaf, int MinSamplesSplit, int MaxFeatures, bool[]? Categorical = null, double[]? ActiveLower = null,
        bool RandomThresholds = false);

    /// <summary>Grows a tree on the rows named by <paramref name="sample"/> (repeats allowed, as in a bootstrap).</summary>
    public static RegressionTree Fit(double[][] rows, double[] values, int[] sample, TreeSettings settings, Random random)
    {
        var tree = new RegressionTree();
        tree.Grow(rows, values, sample, depth: 0, settings, random);
        return tree;
    }

    /// <summary>The mean and the variance of the values in the leaf <paramref name="x"/> falls in.</summary>
    public (double Mean, double Variance) Predict(ReadOnlySpan<double> x)
    {
        var node = _nodes[0];
        while (node.Feature >= 0)
            node = _nodes[GoesLeft(node, x[node.Feature]) ? node.Left : node.Right];
        return (node.Value, node.Variance);
    }

    private static bool GoesLeft(Node node, double value) =>
        node.LeftCategories is { } set
            ? value >= 0 && value < set.Length && set[(int)value]
            : value < node.Threshold;

    /// <summary>The leaves with their boxes, clipped to the dataset's bounds; for trees without categorical splits.</summary>
    public List<Leaf> Leaves(ImportanceDataset data)
    {
        var leaves = new List<Leaf>();
        Collect(0, (double[])data.Lower.Clone(), (double[])data.Upper.Clone(), leaves);
        return leaves;
    }

    private void Collect(int index, double[] lower, double[] upper, List<Leaf> leaves)
    {
        var node = _nodes[index];
        if (node.Feature < 0)
        {
            leaves.Add(new Leaf(lower, upper, node.Value));
            return;
        }
        if (node.LeftCategories is not null)
            throw new InvalidOperationException("A tree with categorical splits has no box partition.");
        var leftUpper = (double[])upper.Clone();
        leftUpper[node.Feature] = Math.Min(upper[node.Feature], node.Threshold);
        var rightLower = (double[])lower.Clone();
        rightLower[node.Feature] = Math.Max(lower[node.Feature], node.Threshold);
        Collect(node.Left, lower, leftUpper, leaves);
        Collect(node.Right, rightLower, upper, leaves);
    }

    private int Grow(double[][] rows, double[] values, int[] sample, int depth, TreeSettings settings, Random random)
    {
        var index = _nodes.Count;
        var mean = sample.Average(i => values[i]);
        var variance = sample.Average(i => (values[i] - mean) * (values[i] - mean));
        _nodes.Add(new Node(-1, 0, null, -1, -1, mean, variance));
        if (depth >= settings.MaxDepth || sample.Length < Math.Max(settings.MinSamplesSplit, 2 * settings.MinSamplesLeaf)
            || sample.All(i => values[i] == values[sample[0]]))
            return index;
        if (BestSplit(rows, values, sample, settings, random) is not { } split)
            return index;

        var node = new Node(split.Feature, split.Threshold, split.LeftCategories, -1, -1, mean, variance);
        var left = sample.Where(i => GoesLeft(node, rows[i][split.Feature])).ToArray();
        var right = sample.Where(i => !GoesLeft(node, rows[i][split.Feature])).ToArray();
        var leftIndex = Grow(rows, values, left, depth + 1, settings, random);
        var rightIndex = Grow(rows, values, right, depth + 1, settings, random);
        _nodes[index] = node with { Left = leftIndex, Right = rightIndex };
        return index;
    }

    private static (int Feature, double Threshold, bool[]? LeftCategories)? BestSplit(
        double[][] rows, double[] values, int[] sample, TreeSettings settings, Random random)
    {
        var features = Enumerable.Range(0, rows[sample[0]].Length).ToArray();
        random.Shuffle(features);
        var n = sample.Length;
        var totalSum = sample.Sum(i => values[i]);
        var totalSquares = sample.Sum(i => values[i] * values[i]);
        var parentError = totalSquares - totalSum * totalSum / n;
        (int Feature, double Threshold, bool[]? LeftCategories)? best = null;
        (double Here, double Next) gap = default;
        // Require a real reduction so ties in floating point noise do not grow the tree forever.
        var bestError = parentError - 1e-12 * Math.Max(1, Math.Abs(parentError));
        var order = new int[n];
        foreach (var feature in features.Take(settings.MaxFeatures))
        {
            var categorical = settings.Categorical?[feature] == true;
            // A categorical column is scanned in the order of its categories' means: the key of a row is its category's rank.
            Func<int, double> key = categorical ? CategoryRanks(rows, values, sample, feature) : i => rows[i][feature];
            sample.CopyTo(order, 0);
            Array.Sort(order, (a, b) => key(a).CompareTo(key(b)));
            double leftSum = 0, leftSquares = 0;
            for (var k = 0; k < n - 1; k++)
            {
                var y = values[order[k]];
                leftSum += y;
                leftSquares += y * y;
                var here = key(order[k]);
                var next = key(order[k + 1]);
                var leftCount = k + 1;
                if (here == next || leftCount < settings.MinSamplesLeaf || n - leftCount < settings.MinSamplesLeaf)
                    continue;
                var rightSum = totalSum - leftSum;
                var error = leftSquares - leftSum * leftSum / leftCount
                    + (totalSquares - leftSquares) - rightSum * rightSum / (n - leftCount);
                if (!(error < bestError))
                    continue;
                bestError = error;
                if (categorical)
                {
                    var set = new bool[(int)sample.Max(i => rows[i][feature]) + 1];
                    for (var m = 0; m <= k; m++)
                        set[(int)rows[order[m]][feature]] = true;
                    best = (feature, 0, set);
                }
                else
                {
                    var activeLower = settings.ActiveLower?[feature] ?? double.NegativeInfinity;
                    best = (feature, here < activeLower && next >= activeLower ? activeLower : Above(here, (here + next) / 2, next), null);
                    gap = (here, next);
                }
            }
        }
        // Drawn once, for the split chosen, so the stream does not depend on how many candidates improved on the way.
        if (settings.RandomThresholds && best is { LeftCategories: null } numeric)
            best = numeric with { Threshold = Above(gap.Here, gap.Next - random.NextDouble() * (gap.Next - gap.Here), gap.Next) };
        return best;
    }

    /// <summary>
    /// The threshold between two consecutive values, kept in (here, next] so rows at here go left (value &lt;
    /// threshold) and rows at next right: two values a last bit apart have no double strictly between them, and a
    /// midpoint rounded down to here would send both sides right; next is used then.
    /// </summary>
    private static double Above(double here, double threshold, double next) => threshold > here ? threshold : next;

    /// <summary>Each row's category ranked by the mean value of its category in the sample (ties by category index).</summary>
    private static Func<int, double> CategoryRanks(double[][] rows, double[] values, int[] sample, int feature)
    {
        var ranks = sample.GroupBy(i => (int)rows[i][feature])
            .OrderBy(g => g.Average(i => values[i])).ThenBy(g => g.Key)
            .Select((g, rank) => (g.Key, rank))
            .ToDictionary(p => p.Key, p => (double)p.rank);
        return i => ranks[(int)rows[i][feature]];
    }

    /// <summary>A node: a split (numeric threshold, or the categories that go left) or a leaf (Feature −1).</summary>
    private readonly record struct Node(int Feature, double Threshold, bool[]? LeftCategories, int Left, int Right, double Value, double Variance);
}
