namespace MetaOpt.Importance;

/// <summary>Regression trees each grown on a bootstrap sample (or all rows) of one dataset.</summary>
internal sealed class RandomForest
{
    private RandomForest(IReadOnlyList<RegressionTree> trees) => Trees = trees;

    /// <summary>The trees, in the order they were grown.</summary>
    public IReadOnlyList<RegressionTree> Trees { get; }

    /// <summary>Grows <paramref name="trees"/> trees; each draws its sample, then its splits, from <paramref name="random"/>.</summary>
    /// <param name="rows">The inputs, one row per observation.</param>
    /// <param name="values">The value of each row.</param>
    /// <param name="trees">How many trees, at least 1.</param>
    /// <param name="settings">How each tree is grown.</param>
    /// <param name="bootstrap">Whether each tree sees a bootstrap sample (n draws with replacement) rather than every row.</param>
    /// <param name="random">The stream of samples and split orders.</param>
    public static RandomForest Fit(double[][] rows, double[] values, int trees, RegressionTree.TreeSettings settings, bool bootstrap, Random random)
    {
        var n = rows.Length;
        var grown = new List<RegressionTree>(trees);
        for (var t = 0; t < trees; t++)
        {
            var sample = bootstrap ? Enumerable.Range(0, n).Select(_ => random.Next(n)).ToArray() : Enumerable.Range(0, n).ToArray();
            grown.Add(RegressionTree.Fit(rows, values, sample, settings, random));
        }
        return new RandomForest(grown);
    }

    /// <summary>
    /// The forest's mean and variance at <paramref name="x"/>: by the law of total variance over the trees, the mean
    /// of the leaves' variances plus the variance of the leaves' means (SMAC's uncertainty, Hutter et al. 2011).
    /// </summary>
    public (double Mean, double Variance) Predict(ReadOnlySpan<double> x)
    {
        double sum = 0, sumSquares = 0, within = 0;
        foreach (var tree in Trees)
        {
            var (mean, variance) = tree.Predict(x);
            sum += mean;
            sumSquares += mean * mean;
            within += variance;
        }
        var count = Trees.Count;
        var forestMean = sum / count;
        return (forestMean, Math.Max(0, within / count + sumSquares / count - forestMean * forestMean));
    }
}
