namespace MetaOpt.Importance;

/// <summary>A CART regression tree (squared-error splits), grown on a bootstrap sample as one member of a random forest.</summary>
/// <remarks>
/// Only what fANOVA needs is kept: the partition of the bounded input space into leaf boxes and each leaf's mean.
/// Thresholds sit halfway between neighbouring observed values, except at the edge of a conditional parameter's
/// inactive cell, where the threshold is the active range's lower bound so the cell keeps its intended measure.
/// </remarks>
internal sealed class RegressionTree
{
    private readonly List<Node> _nodes = [];

    private RegressionTree()
    {
    }

    /// <summary>A leaf: its box in input space (one [Lower, Upper) interval per column) and its prediction.</summary>
    public sealed record Leaf(double[] Lower, double[] Upper, double Value);

    /// <summary>Grows a tree on the rows named by <paramref name="sample"/> (repeats allowed, as in a bootstrap).</summary>
    public static RegressionTree Fit(ImportanceDataset data, int[] sample, int maxDepth, int minSamplesLeaf, int maxFeatures, Random random)
    {
        var tree = new RegressionTree();
        tree.Grow(data, sample, depth: 0, maxDepth, minSamplesLeaf, maxFeatures, random);
        return tree;
    }

    /// <summary>The leaves with their boxes, clipped to the dataset's bounds.</summary>
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
        var leftUpper = (double[])upper.Clone();
        leftUpper[node.Feature] = Math.Min(upper[node.Feature], node.Threshold);
        var rightLower = (double[])lower.Clone();
        rightLower[node.Feature] = Math.Max(lower[node.Feature], node.Threshold);
        Collect(node.Left, lower, leftUpper, leaves);
        Collect(node.Right, rightLower, upper, leaves);
    }

    private int Grow(ImportanceDataset data, int[] sample, int depth, int maxDepth, int minSamplesLeaf, int maxFeatures, Random random)
    {
        var index = _nodes.Count;
        var mean = sample.Average(i => data.Values[i]);
        _nodes.Add(new Node(-1, 0, -1, -1, mean));
        if (depth >= maxDepth || sample.Length < 2 * minSamplesLeaf || sample.All(i => data.Values[i] == data.Values[sample[0]]))
            return index;
        if (BestSplit(data, sample, minSamplesLeaf, maxFeatures, random) is not { } split)
            return index;

        var left = sample.Where(i => data.Rows[i][split.Feature] < split.Threshold).ToArray();
        var right = sample.Where(i => data.Rows[i][split.Feature] >= split.Threshold).ToArray();
        var leftIndex = Grow(data, left, depth + 1, maxDepth, minSamplesLeaf, maxFeatures, random);
        var rightIndex = Grow(data, right, depth + 1, maxDepth, minSamplesLeaf, maxFeatures, random);
        _nodes[index] = new Node(split.Feature, split.Threshold, leftIndex, rightIndex, mean);
        return index;
    }

    private static (int Feature, double Threshold)? BestSplit(ImportanceDataset data, int[] sample, int minSamplesLeaf, int maxFeatures, Random random)
    {
        var features = Enumerable.Range(0, data.Names.Length).ToArray();
        random.Shuffle(features);
        var n = sample.Length;
        var totalSum = sample.Sum(i => data.Values[i]);
        var totalSquares = sample.Sum(i => data.Values[i] * data.Values[i]);
        var parentError = totalSquares - totalSum * totalSum / n;
        (int Feature, double Threshold)? best = null;
        // Require a real reduction so ties in floating point noise do not grow the tree forever.
        var bestError = parentError - 1e-12 * Math.Max(1, Math.Abs(parentError));
        var order = new int[n];
        foreach (var feature in features.Take(maxFeatures))
        {
            sample.CopyTo(order, 0);
            Array.Sort(order, (a, b) => data.Rows[a][feature].CompareTo(data.Rows[b][feature]));
            double leftSum = 0, leftSquares = 0;
            for (var k = 0; k < n - 1; k++)
            {
                var y = data.Values[order[k]];
                leftSum += y;
                leftSquares += y * y;
                var here = data.Rows[order[k]][feature];
                var next = data.Rows[order[k + 1]][feature];
                var leftCount = k + 1;
                if (here == next || leftCount < minSamplesLeaf || n - leftCount < minSamplesLeaf)
                    continue;
                var rightSum = totalSum - leftSum;
                var error = leftSquares - leftSum * leftSum / leftCount
                    + (totalSquares - leftSquares) - rightSum * rightSum / (n - leftCount);
                if (error < bestError)
                {
                    bestError = error;
                    var activeLower = data.ActiveLower[feature];
                    best = (feature, here < activeLower && next >= activeLower ? activeLower : (here + next) / 2);
                }
            }
        }
        return best;
    }

    private readonly record struct Node(int Feature, double Threshold, int Left, int Right, double Value);
}
