using TorchSharp;
using MetaOpt.Recommender.Model;
using MetaOpt.Recommender.Training;
using static TorchSharp.torch;

namespace MetaOpt.Recommender.Evaluation;

/// <summary>Adapts a network to each user of a split on the user's support set and scores its query predictions.</summary>
internal static class Evaluator
{
    // Users adapted together; bounds the per-user copies of the decision weights on large splits (ML-1M).
    private const int UsersPerChunk = 256;

    /// <summary>Runs <paramref name="steps"/> SGD steps per user (0 = zero-shot) with <paramref name="rates"/>
    /// (constants) and returns the per-user averaged metrics; with the split's ranking candidates, also the top-k
    /// metrics at <paramref name="rankingK"/> (read only then).</summary>
    public static EvaluationMetrics Evaluate(MeLUNetwork network, SplitTensors split, int steps, IReadOnlyList<Tensor> rates, int k, int rankingK = 0)
    {
        int tasks = split.TaskCount, width = (int)split.Query.Items.shape[1];
        var predictions = new double[tasks * width];
        var truth = new double[tasks * width];
        var counts = new int[tasks];
        int candidateWidth = split.Candidates is { } all ? (int)all.Items.shape[1] : 0;
        var scores = new double[tasks * candidateWidth];
        var labels = new double[tasks * candidateWidth];
        var candidateCounts = new int[tasks];
        for (int start = 0; start < tasks; start += UsersPerChunk)
        {
            using var scope = NewDisposeScope();
            int size = Math.Min(UsersPerChunk, tasks - start);
            var index = arange(start, start + size, int64, split.Query.Items.device);
            var support = split.Support.Select(index);
            var query = split.Query.Select(index);
            Tensor supportX, queryX;
            using (no_grad())
            {
                supportX = network.Embed(support);
                queryX = network.Embed(query);
            }
            var weights = InnerLoop.Adapt(network, supportX, support, steps, rates, secondOrder: false, fromConstants: true, out _);
            using (no_grad())
            {
                var predicted = MeLUNetwork.Head(queryX, weights.Select(w => w.detach()).ToArray());
                ToCpu(predicted).CopyTo(predictions, start * width);
                ToCpu(query.Ratings).CopyTo(truth, start * width);
                ToCpu(query.Counts).Select(c => (int)c).ToArray().CopyTo(counts, start);
                if (split.Candidates is { } candidates)
                {
                    var chunk = candidates.Select(index);
                    ToCpu(MeLUNetwork.Head(network.Embed(chunk), weights.Select(w => w.detach()).ToArray())).CopyTo(scores, start * candidateWidth);
                    ToCpu(chunk.Ratings).CopyTo(labels, start * candidateWidth);
                    ToCpu(chunk.Counts).Select(c => (int)c).ToArray().CopyTo(candidateCounts, start);
                }
            }
        }
        var metrics = QueryMetrics.Average(predictions, truth, counts, width, k);
        return split.Candidates is null
            ? metrics
            : metrics with { Ranking = TopK.Average(scores, labels.Select(l => l > 0.5).ToArray(), candidateCounts, candidateWidth, rankingK) };
    }

    /// <summary>MAE, averaged over the split's users, of predicting <paramref name="mean"/> for every query rating.</summary>
    public static double ConstantMae(SplitTensors split, double mean)
    {
        using var scope = NewDisposeScope();
        var ratings = split.Query;
        return ratings.Ratings.sub(mean).abs().mul(ratings.Mask).sum(1).div(ratings.Counts).mean().ToDouble();
    }

    private static double[] ToCpu(Tensor t) => t.to(float64).cpu().data<double>().ToArray();
}
