using MetaOpt.Recommender.Evaluation;

namespace MetaOpt.Recommender.Tests;

public sealed class QueryMetricsTests
{
    [Fact]
    public void MaeAndRmseOfAHandComputedCase()
    {
        double[] predicted = [3, 4, 2, 5], truth = [4, 4, 4, 4];
        Assert.Equal((1 + 0 + 2 + 1) / 4.0, QueryMetrics.MeanAbsoluteError(predicted, truth), 12);
        Assert.Equal(Math.Sqrt((1 + 0 + 4 + 1) / 4.0), QueryMetrics.RootMeanSquaredError(predicted, truth), 12);
    }

    [Fact]
    public void NdcgOfAHandComputedRanking()
    {
        // Ranked by prediction: items 1 (y=3), 0 (y=5), 2 (y=1); ideal order 5, 3, 1.
        double[] predicted = [0.5, 0.9, 0.1], truth = [5, 3, 1];
        double dcg = 7 + 31 / Math.Log2(3) + 1 / Math.Log2(4);
        double idcg = 31 + 7 / Math.Log2(3) + 1 / Math.Log2(4);
        Assert.Equal(dcg / idcg, QueryMetrics.Ndcg(predicted, truth, 3), 12);
        Assert.Equal(7 / 31.0, QueryMetrics.Ndcg(predicted, truth, 1), 12);
        Assert.Equal(1, QueryMetrics.Ndcg(truth, truth, 3), 12);
        Assert.Equal(dcg / idcg, QueryMetrics.Ndcg(predicted, truth, 10), 12); // k beyond the list is cut
    }

    [Fact]
    public void AveragesArePerUserNotPerRating()
    {
        // User 0 has one rating off by 2; user 1 has three exact ratings (padded width 3).
        double[] predicted = [5, 0, 0, 1, 2, 3], truth = [3, 0, 0, 1, 2, 3];
        var metrics = QueryMetrics.Average(predicted, truth, [1, 3], 3, 3);
        Assert.Equal(1.0, metrics.Mae, 12); // per rating it would be 0.5
        Assert.Equal(1.0, metrics.Rmse, 12);
        Assert.Equal(1.0, metrics.Ndcg, 12);
    }
}
