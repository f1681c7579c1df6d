using MathNet.Numerics.Statistics;

namespace MetaOpt.Samplers.Gp;

/// <summary>RGPE's model weights: how often each model ranks bootstrap samples of the new study's observations best.</summary>
/// <remarks>
/// Feurer, Letham and Bakshy (2018), "Scalable Meta-Learning for Bayesian Optimization using Ranking-Weighted
/// Gaussian Process Ensembles". A model's ranking loss on a sample of the new study's observations is the number of
/// pairs it orders differently from the observed values; earlier studies' GPs are judged on their predictions, the
/// new study's own GP on leave-one-out predictions (it has seen the data). Each model's weight is the share of
/// bootstrap samples on which it has the lowest loss (ties shared), so a model that never wins gets weight 0.
/// Weight dilution is prevented as in the paper: an earlier model whose median loss exceeds the 95th percentile of
/// the new model's losses is dropped.
/// </remarks>
internal static class RankingWeights
{
    /// <summary>Observations of the new study from which an earlier study must rank better than chance to keep any weight.</summary>
    public const int MinObservationsForChanceTest = 5;

    /// <summary>
    /// Weights for <paramref name="sourceModels"/> followed by the target (last, when <paramref name="target"/> is not null).
    /// </summary>
    /// <param name="sourceModels">The earlier studies' GPs.</param>
    /// <param name="target">The new study's GP fitted on <paramref name="x"/>, <paramref name="y"/>; null before it has data.</param>
    /// <param name="x">The new study's observed points.</param>
    /// <param name="y">Their standardised values (lower is better).</param>
    /// <param name="samples">Bootstrap samples.</param>
    /// <param name="random">Source of the bootstrap draws.</param>
    public static double[] Compute(
        IReadOnlyList<ISurrogate> sourceModels, GaussianProcess? target, IReadOnlyList<double[]> x, double[] y, int samples, Random random)
    {
        var predictions = sourceModels.Select(m => x.Select(p => m.Predict(p).Mean).ToArray()).ToList();
        if (target is not null)
            predictions.Add(target.LeaveOneOutMeans());
        var models = predictions.Count;
        var n = y.Length;
        var weights = new double[models];
        if (n < 2)
        {
            // No pair to rank yet: every model is equally credible.
            Array.Fill(weights, 1.0 / models);
            return weights;
        }

        var misranked = predictions.Select(p => Misranked(p, y)).ToArray();
        var losses = new double[models][];
        for (var m = 0; m < models; m++)
            losses[m] = new double[samples];
        var counts = new int[n];
        // A random ranking gets each pair of different observed values wrong with probability ½, in both orders: its
        // expected loss is that of a constant prediction, which orders every such pair wrongly in exactly one order.
        var constant = Misranked(new double[n], y);
        var chance = new double[samples];
        for (var s = 0; s < samples; s++)
        {
            Array.Clear(counts);
            for (var i = 0; i < n; i++)
                counts[random.Next(n)]++;
            for (var m = 0; m < models; m++)
                losses[m][s] = Loss(misranked[m], counts);
            chance[s] = Loss(constant, counts);
        }

        var active = Enumerable.Range(0, models).ToArray();
        if (target is not null)
        {
            var threshold = Percentile(losses[models - 1], 0.95);
            active = active.Where(m => m == models - 1 || Percentile(losses[m], 0.5) <= threshold).ToArray();
            // A source has to rank better than a coin toss on nearly every sample that has a pair to rank (a one-sided
            // bootstrap test at 5%): where the new observations differ only by noise (Ackley's ripples far from its
            // optimum) an unrelated study would otherwise win half the samples by luck and keep steering the search
            // away from regions the new study has not seen.
            // Below MinObservationsForChanceTest points the test has no power: one misranked pair would condemn a source.
            var informative = chance.Count(c => c > 0);
            if (n >= MinObservationsForChanceTest)
                active = active.Where(m => m == models - 1 || chance.Zip(losses[m]).Count(c => c.Second < c.First) >= 0.95 * informative).ToArray();
        }
        for (var s = 0; s < samples; s++)
        {
            var best = active.Min(m => losses[m][s]);
            var winners = active.Where(m => losses[m][s] == best).ToArray();
            foreach (var m in winners)
                weights[m] += 1.0 / (winners.Length * samples);
        }
        return weights;
    }

    /// <summary>The pairs (a, b) that the predictions order differently from the observations; tied observations have no order to get wrong.</summary>
    private static bool[] Misranked(double[] predicted, double[] observed)
    {
        var n = observed.Length;
        var result = new bool[n * n];
        for (var a = 0; a < n; a++)
            for (var b = 0; b < n; b++)
                result[a * n + b] = observed[a] != observed[b] && (predicted[a] < predicted[b]) ^ (observed[a] < observed[b]);
        return result;
    }

    /// <summary>Σ over ordered pairs of the bootstrap sample (given as multiplicities) of the misranking indicator.</summary>
    private static double Loss(bool[] misranked, int[] counts)
    {
        var n = counts.Length;
        long loss = 0;
        for (var a = 0; a < n; a++)
        {
            if (counts[a] == 0)
                continue;
            long row = 0;
            for (var b = 0; b < n; b++)
                if (misranked[a * n + b])
                    row += counts[b];
            loss += row * counts[a];
        }
        return loss;
    }

    // Linear interpolation between closest ranks (numpy's default, MathNet's R7).
    private static double Percentile(double[] values, double q) =>
        SortedArrayStatistics.QuantileCustom(values.Order().ToArray(), q, QuantileDefinition.R7);
}
