using System.Diagnostics;
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
        var query = split.Query;
        var predicted = Predict(network, split, steps, rates, split.Candidates is { } all ? [query, all] : [query]);
        var metrics = QueryMetrics.Average(predicted[0], HostRatings(query), Counts(query), (int)query.Items.shape[1], k);
        if (split.Candidates is not { } candidates)
            return metrics;
        var positive = HostRatings(candidates).Select(l => l > 0.5).ToArray();
        return metrics with { Ranking = TopK.Average(predicted[1], positive, Counts(candidates), (int)candidates.Items.shape[1], rankingK) };
    }

    /// <summary>
    /// Adapts the network to each user of the split on the user's support set (<paramref name="steps"/> SGD steps)
    /// and predicts the rows of each of <paramref name="targets"/> (task-aligned with the split): one padded
    /// [tasks × width] array per target. The predictions stay on the device until every chunk is done and are
    /// read in one go.
    /// </summary>
    public static double[][] Predict(MeLUNetwork network, SplitTensors split, int steps, IReadOnlyList<Tensor> rates, IReadOnlyList<TaskTensors> targets)
    {
        int tasks = split.TaskCount;
        var widths = targets.Select(t => (int)t.Items.shape[1]).ToArray();
        using var predictScope = NewDisposeScope();
        // Per target, each chunk's flattened predictions, in chunk order.
        var parts = targets.Select(_ => new List<Tensor>()).ToArray();
        for (int start = 0; start < tasks; start += UsersPerChunk)
        {
            using var scope = NewDisposeScope();
            int size = Math.Min(UsersPerChunk, tasks - start);
            var index = arange(start, start + size, int64, split.Query.Items.device);
            var support = split.Support.Select(index);
            Tensor supportX;
            using (no_grad()) supportX = network.Embed(support);
            var weights = InnerLoop.Adapt(network, supportX, support, steps, rates, secondOrder: false, fromConstants: true, out _)
                .Select(w => w.detach()).ToArray();
            using (no_grad())
                for (int t = 0; t < targets.Count; t++)
                    parts[t].Add(MeLUNetwork.Head(network.Embed(targets[t].Select(index)), weights).reshape(-1).MoveToOuterDisposeScope());
        }
        var values = HostRead.Doubles(cat(parts.SelectMany(p => p).ToList()));
        var predictions = new double[targets.Count][];
        for (int t = 0, at = 0; t < targets.Count; at += tasks * widths[t], t++)
            predictions[t] = values.AsSpan(at, tasks * widths[t]).ToArray();
        return predictions;
    }

    /// <summary>
    /// Each model's seconds per user of adapting to the support set and of predicting the query afterwards, as the
    /// median over the split's first <paramref name="users"/> users taken one at a time (a new user arriving), and
    /// over <paramref name="batches"/> passes that adapt those users together (as evaluation does), divided by their
    /// number. The models take turns on each user and each pass, so a change of load affects them alike; one
    /// unmeasured round runs first, so one-time costs stay out.
    /// </summary>
    public static ModelTimings[] Timings(
        IReadOnlyList<(MeLUNetwork Network, int Steps, IReadOnlyList<Tensor> Rates)> models, SplitTensors split, int users, int batches)
    {
        int count = Math.Min(users, split.TaskCount - 1);
        var device = split.Query.Items.device;
        var single = models.Select(_ => new List<(double Adaptation, double Inference)>()).ToArray();
        var together = models.Select(_ => new List<(double Adaptation, double Inference)>()).ToArray();
        for (int u = 0; u <= count; u++)
            for (int m = 0; m < models.Count; m++)
            {
                var time = Time(models[m].Network, split, models[m].Steps, models[m].Rates, tensor(new long[] { u }, int64).to(device));
                if (u > 0) single[m].Add(time);
            }
        for (int pass = 0; pass <= batches; pass++)
            for (int m = 0; m < models.Count; m++)
            {
                var time = Time(models[m].Network, split, models[m].Steps, models[m].Rates, arange(1, count + 1, int64, device));
                if (pass > 0) together[m].Add(time);
            }
        return models.Select((_, m) => new ModelTimings(
            RecommenderTrainer.Median(single[m].Select(t => t.Adaptation).ToList()),
            RecommenderTrainer.Median(single[m].Select(t => t.Inference).ToList()),
            RecommenderTrainer.Median(together[m].Select(t => t.Adaptation).ToList()) / count,
            RecommenderTrainer.Median(together[m].Select(t => t.Inference).ToList()) / count)).ToArray();
    }

    // The seconds to adapt the users of index on their support sets, and to predict their queries afterwards.
    private static (double Adaptation, double Inference) Time(MeLUNetwork network, SplitTensors split, int steps, IReadOnlyList<Tensor> rates, Tensor index)
    {
        using var scope = NewDisposeScope();
        var support = split.Support.Select(index);
        var query = split.Query.Select(index);
        long began = Stopwatch.GetTimestamp();
        Tensor supportX;
        using (no_grad()) supportX = network.Embed(support);
        var weights = InnerLoop.Adapt(network, supportX, support, steps, rates, secondOrder: false, fromConstants: true, out _)
            .Select(w => w.detach()).ToArray();
        // Reading a value waits for the device, so the time is the work's, on CUDA too.
        HostRead.Scalar(weights[^1].sum());
        long adapted = Stopwatch.GetTimestamp();
        using (no_grad()) HostRead.Scalar(MeLUNetwork.Head(network.Embed(query), weights).sum());
        return (Stopwatch.GetElapsedTime(began, adapted).TotalSeconds, Stopwatch.GetElapsedTime(adapted).TotalSeconds);
    }

    /// <summary>MAE, averaged over the split's users, of predicting <paramref name="mean"/> for every query rating.</summary>
    public static double ConstantMae(SplitTensors split, double mean)
    {
        using var scope = NewDisposeScope();
        var ratings = split.Query;
        return HostRead.Scalar(ratings.Ratings.sub(mean).abs().mul(ratings.Mask).sum(1).div(ratings.Counts).mean());
    }

    // The rows' values kept on the host when they were packed: reading them costs no wait for the device.
    private static int[] Counts(TaskTensors rows) => Packed(rows).Counts.Select(c => (int)c).ToArray();

    private static double[] HostRatings(TaskTensors rows) => Packed(rows).Ratings.Select(r => (double)r).ToArray();

    private static TaskTensors.HostValues Packed(TaskTensors rows) =>
        rows.Host ?? throw new ArgumentException("The rows were selected from packed ones and have no host copy; evaluate packed rows.", nameof(rows));
}
