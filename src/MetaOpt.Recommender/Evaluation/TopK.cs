namespace MetaOpt.Recommender.Evaluation;

/// <summary>HR@k, Recall@k and nDCG@k of one user's scored candidates, and their average over users.</summary>
internal static class TopK
{
    /// <summary>
    /// The metrics of candidates ranked by <paramref name="scores"/>, descending; <paramref name="positive"/> marks the
    /// relevant ones. Ties put the negatives first, so a constant score earns nothing. Null without a positive.
    /// </summary>
    public static (double HitRate, double Recall, double Ndcg)? Of(ReadOnlySpan<double> scores, ReadOnlySpan<bool> positive, int k)
    {
        int positives = 0;
        foreach (var p in positive) if (p) positives++;
        if (positives == 0) return null;
        var s = scores.ToArray();
        var relevant = positive.ToArray();
        var order = Enumerable.Range(0, s.Length).OrderByDescending(i => s[i]).ThenBy(i => relevant[i]).ToArray();
        int cut = Math.Min(k, order.Length), hits = 0;
        double dcg = 0, idcg = 0;
        for (int r = 0; r < cut; r++)
        {
            double discount = 1 / Math.Log2(r + 2);
            if (relevant[order[r]]) { hits++; dcg += discount; }
            if (r < positives) idcg += discount;
        }
        return (hits > 0 ? 1 : 0, (double)hits / positives, dcg / idcg);
    }

    /// <summary>Averages each user's metrics over the users with a positive. Row t of the padded [users, width]
    /// arrays holds counts[t] candidates.</summary>
    public static RankingMetrics Average(double[] scores, bool[] positive, int[] counts, int width, int k)
    {
        double hr = 0, recall = 0, ndcg = 0;
        int users = 0;
        for (int t = 0; t < counts.Length; t++)
        {
            if (Of(scores.AsSpan(t * width, counts[t]), positive.AsSpan(t * width, counts[t]), k) is not { } user) continue;
            hr += user.HitRate;
            recall += user.Recall;
            ndcg += user.Ndcg;
            users++;
        }
        // No user with a positive leaves nothing to rank: NaN, which a study reports as a failed measurement.
        return users == 0 ? new RankingMetrics(double.NaN, double.NaN, double.NaN, k, 0) : new RankingMetrics(hr / users, recall / users, ndcg / users, k, users);
    }
}
