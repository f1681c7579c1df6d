using MetaOpt.Recommender.Evaluation;

namespace MetaOpt.Recommender.Tests;

/// <summary>The top-k metrics with sampled negatives (<see cref="RankingProtocol"/>), pinned on hand-computed rankings.</summary>
public sealed class RankingMetricsTests
{
    [Fact]
    public void HitRateRecallAndNdcgOfAHandComputedRanking()
    {
        // Ranked by score: n0 (0.9), p0 (0.8), n1 (0.7), n2 (0.6), p1 (0.5), p2 (0.1): positives at ranks 2, 5 and 6.
        double[] scores = [0.8, 0.9, 0.5, 0.7, 0.6, 0.1];
        bool[] positive = [true, false, true, false, false, true];

        var top1 = TopK.Of(scores, positive, 1)!.Value;
        Assert.Equal((0.0, 0.0, 0.0), top1);

        var top3 = TopK.Of(scores, positive, 3)!.Value;
        double idcg3 = 1 + 1 / Math.Log2(3) + 1 / Math.Log2(4);
        Assert.Equal(1.0, top3.HitRate);
        Assert.Equal(1 / 3.0, top3.Recall, 12);
        Assert.Equal(1 / Math.Log2(3) / idcg3, top3.Ndcg, 12);

        var top5 = TopK.Of(scores, positive, 5)!.Value;
        Assert.Equal(2 / 3.0, top5.Recall, 12);
        Assert.Equal((1 / Math.Log2(3) + 1 / Math.Log2(6)) / idcg3, top5.Ndcg, 12);

        // k beyond the list: every positive is found, and the ideal DCG counts all three.
        var all = TopK.Of(scores, positive, 50)!.Value;
        Assert.Equal(1.0, all.Recall);
        Assert.Equal((1 / Math.Log2(3) + 1 / Math.Log2(6) + 1 / Math.Log2(7)) / idcg3, all.Ndcg, 12);
    }

    [Fact]
    public void APerfectRankingScoresOneAndTiesGoToTheNegatives()
    {
        Assert.Equal((1.0, 1.0, 1.0), TopK.Of([3, 2, 1, 0], [true, true, false, false], 2)!.Value);
        // A constant score earns nothing: the negatives take the tied places first.
        Assert.Equal((0.0, 0.0, 0.0), TopK.Of([1, 1, 1, 1], [true, false, false, false], 3)!.Value);
        // A positive tied with a negative ranks after it: at rank 2 of 2, out of the top 1.
        Assert.Equal(0.0, TopK.Of([0.5, 0.5], [true, false], 1)!.Value.HitRate);
        Assert.Equal(1.0, TopK.Of([0.5, 0.5], [true, false], 2)!.Value.HitRate);
    }

    [Fact]
    public void AveragesLeaveOutUsersWithoutAPositive()
    {
        // Padded width 3: user 0 ranks its positive first, user 1 has none, user 2 ranks its positive second of two.
        double[] scores = [0.9, 0.1, 0, 0.3, 0.2, 0.1, 0.4, 0.6, 0];
        bool[] positive = [true, false, false, false, false, false, true, false, false];

        var metrics = TopK.Average(scores, positive, [3, 3, 2], 3, 1);

        Assert.Equal(2, metrics.Users);
        Assert.Equal(1, metrics.K);
        Assert.Equal(0.5, metrics.HitRate, 12);
        Assert.Equal(0.5, metrics.Recall, 12);
        Assert.Equal(0.5, metrics.Ndcg, 12);
        Assert.True(double.IsNaN(TopK.Average([0.5], [false], [1], 1, 1).Ndcg));
    }

    [Fact]
    public void NegativesAreItemsTheUserNeverRatedAndTheSameInEveryCall()
    {
        var tasks = TestData.Tasks;
        var user = tasks.Test[0];
        var generated = SyntheticColdStartGenerator.Generate(new SyntheticColdStartOptions { Users = 200, Items = 120, Seed = 3 });
        var rated = generated.Ratings.Where(r => r.UserId == user.UserId).Select(r => r.Item).ToHashSet();

        var negatives = tasks.SampleUnrated(user.UserId, 30, seed: 0);

        Assert.Equal(30, negatives.Length);
        Assert.Equal(30, negatives.Distinct().Count());
        Assert.DoesNotContain(negatives, rated.Contains);
        Assert.All(negatives, item => Assert.True(tasks.Items.ContainsKey(item)));
        Assert.Equal(negatives, tasks.SampleUnrated(user.UserId, 30, seed: 0));
        Assert.Equal(negatives, tasks.Folds(2, seed: 5)[1].SampleUnrated(user.UserId, 30, seed: 0));
        Assert.NotEqual(negatives, tasks.SampleUnrated(user.UserId, 30, seed: 1));
        // Asking for more than the unrated items gives all of them.
        Assert.Equal(tasks.Items.Count - rated.Count, tasks.SampleUnrated(user.UserId, 10_000, seed: 0).Length);
    }

    [Fact]
    public void BinarisedRatingsAreOneFromThePositiveRatingOnAndZeroBelow()
    {
        var data = SyntheticColdStartGenerator.Generate(new SyntheticColdStartOptions { Users = 60, Items = 40, Seed = 1 });

        var binary = data.Binarized(4);

        Assert.Equal(data.Ratings.Count, binary.Ratings.Count);
        for (int i = 0; i < data.Ratings.Count; i++)
        {
            Assert.Equal(data.Ratings[i].Value >= 4 ? 1f : 0f, binary.Ratings[i].Value);
            Assert.Equal(data.Ratings[i] with { Value = 0 }, binary.Ratings[i] with { Value = 0 });
        }
        Assert.Contains(binary.Ratings, r => r.Value == 1);
        Assert.Contains(binary.Ratings, r => r.Value == 0);
    }

    [Fact]
    public void ABinarisedRunLearnsTheOnesAndRanksThemAsPositives()
    {
        var data = SyntheticColdStartGenerator.Generate(new SyntheticColdStartOptions { Users = 200, Items = 120, Seed = 3 });
        var config = TestData.FastConfig with { BinaryRatings = true, Ranking = new RankingProtocol { K = 5, Negatives = 20 } };

        var tasks = RecommenderTrainer.BuildTasks(data, config);
        var result = RecommenderTrainer.Train(tasks, config);

        Assert.All(tasks.Train.Concat(tasks.Test).SelectMany(u => u.Support.Concat(u.Query)), r => Assert.Contains(r.Value, new[] { 0f, 1f }));
        // The positives are the ratings of 4 and 5 before binarising, now the 1s.
        Assert.Equal(tasks.Test.Count(u => u.Query.Any(r => r.Value == 1)), result.MetaTest.Ranking!.Users);
        Assert.Equal(ColdStartTasks.Build(data).Test.Count(u => u.Query.Any(r => r.Value >= 4)), result.MetaTest.Ranking.Users);
        // Errors on 0/1 targets.
        Assert.InRange(result.MetaTest.Mae, 0.0, 1.0);
    }

    [Fact]
    public void ATrainedRunRanksTheHeldOutPositivesAboveSampledNegativesBetterThanChance()
    {
        var tasks = ColdStartTasks.Build(SyntheticColdStartGenerator.Generate(
            new SyntheticColdStartOptions { Users = 400, Items = 300, MinRatingsPerUser = 30, MaxRatingsPerUser = 45, Seed = 2024 }));
        var protocol = new RankingProtocol { K = 10, Negatives = 100 };
        var config = new TrainingConfig { Epochs = 10, EmbeddingDim = 16, Hidden = 32, MetaLr = 5e-3, Threads = 1, Baselines = false, Seed = 1, Ranking = protocol };

        var result = RecommenderTrainer.Train(tasks, config);

        var ranking = result.MetaTest.Ranking!;
        var ranked = tasks.Test.Select(u => u.Query.Count(r => r.Value >= 4)).Where(p => p > 0).ToList();
        Assert.Equal(10, ranking.K);
        Assert.Equal(ranked.Count, ranking.Users);
        Assert.InRange(ranking.Recall, 0.0, ranking.HitRate);
        // A random order puts k/(P + N) of a user's P positives in the top k.
        var chance = ranked.Average(p => 10.0 / (p + protocol.Negatives));
        Assert.True(ranking.Recall > 1.5 * chance, $"Recall@10 {ranking.Recall:F3}, chance {chance:F3}");
        Assert.Same(result.MetaValidation, result.Epochs[^1].Validation);
        Assert.NotNull(result.MetaValidation.Ranking);
        Assert.Null(RecommenderTrainer.Train(TestData.Tasks, TestData.FastConfig with { Epochs = 1 }).MetaTest.Ranking);
    }
}
