namespace MetaOpt.Recommender.Evaluation;

/// <summary>Per-user rating and ranking metrics on query sets, averaged over users as MeLU and the reference do.</summary>
internal static class QueryMetrics
{
    /// <summary>Averages each user's MAE, RMSE and nDCG@k. Row t of the padded [tasks, width] arrays holds
    /// counts[t] real ratings.</summary>
    public static EvaluationMetrics Average(double[] predictions, double[] truth, int[] counts, int width, int k)
    {
        double mae = 0, rmse = 0, ndcg = 0;
        for (int t = 0; t < counts.Length; t++)
        {
            var p = predictions.AsSpan(t * width, counts[t]);
            var y = truth.AsSpan(t * width, counts[t]);
            mae += MeanAbsoluteError(p, y);
            rmse += RootMeanSquaredError(p, y);
            ndcg += Ndcg(p, y, k);
        }
        int n = counts.Length;
        return new EvaluationMetrics(mae / n, rmse / n, ndcg / n, k);
    }

    public static double MeanAbsoluteError(ReadOnlySpan<double> predictions, ReadOnlySpan<double> truth)
    {
        double sum = 0;
        for (int i = 0; i < truth.Length; i++) sum += Math.Abs(predictions[i] - truth[i]);
        return sum / truth.Length;
    }

    public static double RootMeanSquaredError(ReadOnlySpan<double> predictions, ReadOnlySpan<double> truth)
    {
        double sum = 0;
        for (int i = 0; i < truth.Length; i++) sum += (predictions[i] - truth[i]) * (predictions[i] - truth[i]);
        return Math.Sqrt(sum / truth.Length);
    }

    /// <summary>DCG@k of the items ranked by prediction (gain 2^y − 1, discount 1/log2(rank + 1)) over the ideal
    /// DCG@k; k is cut to the number of items. Equal predictions keep the items' order.</summary>
    public static double Ndcg(ReadOnlySpan<double> predictions, ReadOnlySpan<double> truth, int k)
    {
        var scores = predictions.ToArray();
        var byPrediction = Enumerable.Range(0, truth.Length).OrderByDescending(i => scores[i]).ToArray();
        var ideal = truth.ToArray().OrderDescending().ToArray();
        double dcg = 0, idcg = 0;
        for (int r = 0; r < Math.Min(k, truth.Length); r++)
        {
            double discount = 1 / Math.Log2(r + 2);
            dcg += (Math.Pow(2, truth[byPrediction[r]]) - 1) * discount;
            idcg += (Math.Pow(2, ideal[r]) - 1) * discount;
        }
        // All-zero gains (every rating 0) leave nothing to rank: any order is ideal.
        return idcg > 0 ? dcg / idcg : 1;
    }
}
