using System.Numerics;

namespace MetaOpt.Samplers.Gp;

/// <summary>
/// How much each earlier study contributes to the prior mean of a warm-started study: RGPE's ranking weights among the
/// earlier studies, with every study that ranks the new observations worse than chance left out.
/// </summary>
/// <remarks>
/// Feurer, Letham and Bakshy (2018), "Scalable Meta-Learning for Bayesian Optimization using Ranking-Weighted
/// Gaussian Process Ensembles". A model's ranking loss on a sample of the new study's observations is the number of
/// pairs it orders differently from the observed values. Each earlier study's weight is the share of bootstrap
/// samples on which its GP has the lowest loss (ties shared); the new study's own GP does not compete, because it is
/// stacked on the sources (<see cref="StackedSurrogate"/>) rather than averaged with them.
/// <para>From <see cref="MinObservationsForChanceTest"/> observations on (<see cref="MinObservationsWithProbe"/> once the
/// sampler's probe, a design point, is among them), a source is left out when it ranks the new
/// observations worse than a coin toss on at least half of the bootstrap samples that have a pair to rank; one at
/// about chance level keeps its weight. Why these rules and not RGPE's: <c>docs/surrogate.md</c>.</para>
/// </remarks>
internal static class RankingWeights
{
    /// <summary>Observations of the new study from which an earlier study that ranks them worse than chance loses its weight.</summary>
    public const int MinObservationsForChanceTest = 5;

    /// <summary>The same once a design point the earlier studies' model did not propose (the probe) is among them.</summary>
    public const int MinObservationsWithProbe = 3;

    /// <summary>One weight per model of <paramref name="sourceModels"/>: summing to 1, or all 0 when every source ranks worse than chance.</summary>
    /// <param name="sourceModels">The earlier studies' GPs.</param>
    /// <param name="x">The new study's observed points.</param>
    /// <param name="y">Their standardised values (lower is better).</param>
    /// <param name="samples">Bootstrap samples.</param>
    /// <param name="random">Source of the bootstrap draws.</param>
    /// <param name="minObservationsForChanceTest">Observations from which a source worse than chance is left out.</param>
    public static double[] Compute(
        IReadOnlyList<ISurrogate> sourceModels, IReadOnlyList<double[]> x, double[] y, int samples, Random random,
        int minObservationsForChanceTest = MinObservationsForChanceTest)
    {
        var models = sourceModels.Count;
        var n = y.Length;
        var weights = new double[models];
        if (models == 0)
            return weights;
        if (n < 2)
        {
            // No pair to rank yet: every model is equally credible.
            Array.Fill(weights, 1.0 / models);
            return weights;
        }

        var misranked = sourceModels.Select(m => Misranked(x.Select(p => m.Predict(p).Mean).ToArray(), y)).ToArray();
        // A random ranking gets each pair of different observed values wrong with probability ½, in both orders: its
        // expected loss is that of a constant prediction, which orders every such pair wrongly in exactly one order.
        var constant = Misranked(new double[n], y);
        var losses = new double[models][];
        for (var m = 0; m < models; m++)
            losses[m] = new double[samples];
        var chance = new double[samples];
        var counts = new int[n];
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
        // Samples whose observations are all tied have no order to get wrong: no evidence against any source.
        var informative = chance.Count(c => c > 0);
        if (n >= minObservationsForChanceTest && informative > 0)
            active = active.Where(m => chance.Zip(losses[m]).Count(c => c.Second > c.First) < 0.5 * informative).ToArray();
        if (active.Length == 0)
            return weights;
        for (var s = 0; s < samples; s++)
        {
            var best = active.Min(m => losses[m][s]);
            var winners = active.Where(m => losses[m][s] == best).ToArray();
            foreach (var m in winners)
                weights[m] += 1.0 / (winners.Length * samples);
        }
        return weights;
    }

    /// <summary>
    /// 1 for each pair (a, b), row by row, that the predictions order differently from the observations, else 0; tied
    /// observations have no order to get wrong. Integers rather than flags, so <see cref="Loss"/> can take whole rows
    /// as vector dot products: with flags, the bootstrap took over half of a warm-started ask's extra time at 500
    /// observations (101 of about 180 ms).
    /// </summary>
    private static int[] Misranked(double[] predicted, double[] observed)
    {
        var n = observed.Length;
        var result = new int[n * n];
        for (var a = 0; a < n; a++)
            for (var b = 0; b < n; b++)
                result[a * n + b] = observed[a] != observed[b] && (predicted[a] < predicted[b]) ^ (observed[a] < observed[b]) ? 1 : 0;
        return result;
    }

    /// <summary>Σ over ordered pairs of the bootstrap sample (given as multiplicities) of the misranking indicator.</summary>
    private static double Loss(int[] misranked, int[] counts)
    {
        var n = counts.Length;
        long loss = 0;
        for (var a = 0; a < n; a++)
            if (counts[a] != 0)
                loss += (long)counts[a] * Dot(misranked.AsSpan(a * n, n), counts);
        return loss;
    }

    private static long Dot(ReadOnlySpan<int> left, ReadOnlySpan<int> right)
    {
        var width = Vector<int>.Count;
        var sums = Vector<int>.Zero;
        var i = 0;
        // A row's sum is at most n bootstrap draws, so the int lanes cannot overflow.
        for (; i <= left.Length - width; i += width)
            sums += new Vector<int>(left[i..]) * new Vector<int>(right[i..]);
        long total = Vector.Sum(sums);
        for (; i < left.Length; i++)
            total += left[i] * right[i];
        return total;
    }
}
