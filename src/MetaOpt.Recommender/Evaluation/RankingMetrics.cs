namespace MetaOpt.Recommender;

/// <summary>
/// Top-k ranking quality with sampled negatives (<see cref="RankingProtocol"/>), each metric computed per user and
/// averaged over the users that have a query positive.
/// </summary>
/// <param name="HitRate">HR@k: the share of users with at least one positive in their top k.</param>
/// <param name="Recall">Recall@k: the positives in the top k over the user's positives.</param>
/// <param name="Ndcg">nDCG@k with binary relevance: DCG of the top k over the DCG of all positives ranked first.</param>
/// <param name="K">The cut-off.</param>
/// <param name="Users">The users ranked (those with at least one query positive).</param>
public sealed record RankingMetrics(double HitRate, double Recall, double Ndcg, int K, int Users);
