namespace MetaOpt.Recommender;

/// <summary>Quality on a set of users' query ratings, each metric computed per user and averaged over users.</summary>
/// <param name="Mae">Mean absolute error.</param>
/// <param name="Rmse">Root mean squared error.</param>
/// <param name="Ndcg">nDCG@<paramref name="K"/> of the query items ranked by prediction (gain 2^rating − 1).</param>
/// <param name="K">The cut-off of <paramref name="Ndcg"/>.</param>
public sealed record EvaluationMetrics(double Mae, double Rmse, double Ndcg, int K)
{
    /// <summary>HR@k, Recall@k and nDCG@k against sampled negatives; null unless <see cref="TrainingConfig.Ranking"/> asks for them.</summary>
    public RankingMetrics? Ranking { get; init; }
}
