using MetaOpt.Recommender.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaOpt.Recommender.Training;

/// <summary>
/// Per-user adaptation of a whole batch of users at once. The adapted decision weights are expanded to one copy
/// per task ([tasks, ...]); the gradient of the summed per-task losses with respect to that copy is each task's
/// own gradient, so a batch costs a few batched matrix products instead of a loop over users.
/// </summary>
internal static class InnerLoop
{
    /// <summary>
    /// Runs <paramref name="steps"/> SGD steps on <paramref name="support"/>'s per-task MSE and returns the fast
    /// decision weights (adapted ones per task, the others shared). With <paramref name="secondOrder"/> the steps
    /// stay differentiable (MAML); otherwise gradients are constants (first order) but the fast weights still
    /// depend on the initial weights. With <paramref name="fromConstants"/> the initial weights are detached
    /// (evaluation, Reptile). <paramref name="rates"/> holds one learning rate per adapted weight, a scalar or a
    /// tensor of the weight's shape.
    /// </summary>
    public static Tensor[] Adapt(
        MeLUNetwork network, Tensor x, TaskTensors support, int steps, IReadOnlyList<Tensor> rates,
        bool secondOrder, bool fromConstants, out Tensor lastLoss)
    {
        if (fromConstants && network.FirstAdapted == network.DecisionWeights.Count - 2)
            return AdaptOutputLayer(network, x, support, steps, rates, out lastLoss);
        var weights = network.DecisionWeights.Select(p => fromConstants ? p.detach() : (Tensor)p).ToArray();
        int first = network.FirstAdapted;
        long tasks = x.shape[0];
        for (int k = first; k < weights.Length; k++)
        {
            weights[k] = weights[k].unsqueeze(0).expand([tasks, .. weights[k].shape]);
            if (fromConstants) weights[k].requires_grad_(true);
        }
        lastLoss = zeros(1, x.dtype, x.device);
        for (int step = 0; step < steps; step++)
        {
            lastLoss = support.TaskLosses(MeLUNetwork.Head(x, weights)).sum();
            var adapted = weights[first..];
            var grads = autograd.grad([lastLoss], adapted, retain_graph: secondOrder, create_graph: secondOrder);
            for (int k = 0; k < adapted.Length; k++)
                weights[first + k] = adapted[k] - rates[k] * grads[k];
        }
        // A Scalar held to the end of the call: the implicit one of `tensor / tasks` could be finalized while the
        // native division reads it (seen as libtorch's "toDouble" check failing under load).
        using var taskCount = ((double)tasks).ToScalar();
        lastLoss = lastLoss.detach().div(taskCount);
        return weights;
    }

    /// <summary>
    /// <see cref="Adapt"/> when only the output layer adapts and no gradient flows back through the steps: under
    /// the squared loss the output layer's gradient is closed-form, 2·rᵀh/n for the weight and 2·Σr/n for the bias
    /// (r the masked residuals, h the frozen hidden layers' output, n the task's rows), so a step is two batched
    /// products with no autograd graph, and h is computed once for all steps.
    /// </summary>
    private static Tensor[] AdaptOutputLayer(
        MeLUNetwork network, Tensor x, TaskTensors support, int steps, IReadOnlyList<Tensor> rates, out Tensor lastLoss)
    {
        using var noGrad = no_grad();
        var weights = network.DecisionWeights.Select(p => p.detach()).ToArray();
        long tasks = x.shape[0];
        var hidden = MeLUNetwork.Hidden(x, weights[..^2]);
        var weight = weights[^2].unsqueeze(0).expand([tasks, .. weights[^2].shape]);
        var bias = weights[^1].unsqueeze(0).expand([tasks, .. weights[^1].shape]);
        // mask / n per row, and each rate doubled: the loss's factor 2 moved out of the steps.
        var perRow = support.Mask.div(support.Counts.unsqueeze(1));
        var (weightRate, biasRate) = (rates[0].add(rates[0]), rates[1].add(rates[1]));
        // Σ r·residual over a step's rows is the summed task losses (Adapt's loss before its last step).
        lastLoss = zeros(1, x.dtype, x.device);
        for (int step = 0; step < steps; step++)
        {
            var residual = hidden.matmul(weight.transpose(1, 2)).squeeze(-1).add(bias).sub(support.Ratings);
            var r = residual.mul(perRow);
            if (step == steps - 1)
                lastLoss = r.mul(residual).sum();
            weight = weight.sub(weightRate.mul(r.unsqueeze(1).matmul(hidden)));
            bias = bias.sub(biasRate.mul(r.sum(1, keepdim: true)));
        }
        using var taskCount = ((double)tasks).ToScalar();
        lastLoss = lastLoss.div(taskCount);
        weights[^2] = weight;
        weights[^1] = bias;
        return weights;
    }

    /// <summary>The same scalar learning rate for every adapted weight.</summary>
    public static Tensor[] ScalarRates(MeLUNetwork network, double lr) =>
        Enumerable.Range(0, network.DecisionWeights.Count - network.FirstAdapted)
            .Select(_ => tensor(lr, network.DecisionWeights[0].dtype, network.DecisionWeights[0].device)).ToArray();
}
