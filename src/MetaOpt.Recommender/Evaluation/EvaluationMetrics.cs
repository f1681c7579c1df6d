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

    /// <summary>The metrics of predictions of the users' query ratings (one array per task, in query order, as
    /// <see cref="RecommenderModel.PredictQueries"/> gives them), each computed per user and averaged as training does.</summary>
    /// <exception cref="ArgumentException">No task, or not one prediction per query rating of each task.</exception>
    public static EvaluationMetrics Of(IReadOnlyList<double[]> predictions, IReadOnlyList<UserTask> tasks, int k = 3)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(tasks);
        if (tasks.Count == 0 || predictions.Count != tasks.Count || tasks.Where((t, i) => predictions[i]?.Length != t.Query.Count).Any())
            throw new ArgumentException($"Give one prediction per query rating of each of the {tasks.Count} tasks (and at least one task).", nameof(predictions));
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        int width = tasks.Max(t => t.Query.Count);
        var padded = new double[tasks.Count * width];
        var truth = new double[tasks.Count * width];
        for (int t = 0; t < tasks.Count; t++)
            for (int r = 0; r < tasks[t].Query.Count; r++)
                (padded[t * width + r], truth[t * width + r]) = (predictions[t][r], tasks[t].Query[r].Value);
        return Evaluation.QueryMetrics.Average(padded, truth, tasks.Select(t => t.Query.Count).ToArray(), width, k);
    }
}
