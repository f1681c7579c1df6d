using MetaOpt.Recommender.Model;
using MetaOpt.Recommender.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaOpt.Recommender.Tests;

public sealed class MetaGradientTests
{
    private const double InnerLr = 0.3;

    // Central differences of the meta-loss itself (which runs the inner steps) against the autograd meta-gradient,
    // for entries of an adapted layer, the genre map and an item embedding.
    [Theory]
    [InlineData(MetaAlgorithm.Maml)]
    [InlineData(MetaAlgorithm.MetaSgd)]
    public void SecondOrderMetaGradientMatchesFiniteDifferences(MetaAlgorithm algo)
    {
        using var scope = NewDisposeScope();
        var (network, data) = TestData.Tiny(seed: 1);
        using var _ = network;
        using var learner = new MetaLearner(network, algo, 1e-3, InnerLr, innerSteps: 2, metaBatch: 3);
        var batch = TestData.FirstTrainTasks(data, 3);
        learner.ComputeGradients(batch);
        var checkedParameters = new[] { network.DecisionWeights[0], network.DecisionWeights[1], network.Parameters[4], network.Parameters[6] };
        var analytic = checkedParameters.Select(p => p.grad!.clone()).ToArray();
        const double eps = 1e-6;
        int compared = 0;
        for (int k = 0; k < checkedParameters.Length; k++)
        {
            var flat = checkedParameters[k].detach().view(-1);
            var grad = analytic[k].view(-1);
            for (long i = 0; i < Math.Min(6, flat.shape[0]); i++)
            {
                double original = flat[i].ToDouble();
                flat[i] = original + eps;
                double up = HostRead.Scalar(learner.ComputeGradients(batch));
                flat[i] = original - eps;
                double down = HostRead.Scalar(learner.ComputeGradients(batch));
                flat[i] = original;
                double numeric = (up - down) / (2 * eps);
                Assert.True(Math.Abs(numeric - grad[i].ToDouble()) < 1e-6 + 1e-5 * Math.Abs(numeric),
                    $"parameter {k} entry {i}: numeric {numeric}, autograd {grad[i].ToDouble()}");
                compared += grad[i].ToDouble() != 0 ? 1 : 0;
            }
        }
        Assert.True(compared > 10, "too few non-zero gradient entries were checked");
    }

    [Fact]
    public void FirstOrderDropsTheSecondOrderTermsButAgreesWithoutInnerSteps()
    {
        using var scope = NewDisposeScope();
        Tensor[] Gradients(MetaAlgorithm algo, double innerLr)
        {
            var (network, data) = TestData.Tiny(seed: 2);
            using var _ = network;
            using var learner = new MetaLearner(network, algo, 1e-3, innerLr, innerSteps: 2, metaBatch: 3);
            learner.ComputeGradients(TestData.FirstTrainTasks(data, 3));
            return network.Parameters.Select(p => p.grad!.clone()).ToArray();
        }
        var maml = Gradients(MetaAlgorithm.Maml, InnerLr);
        var fomaml = Gradients(MetaAlgorithm.FoMaml, InnerLr);
        double differs = maml.Zip(fomaml).Max(p => (p.First - p.Second).abs().max().ToDouble());
        Assert.True(differs > 1e-4, $"MAML and first-order MAML gradients should differ, max difference {differs}");
        // With a zero inner rate the adapted weights equal the initial ones, so the Hessian term vanishes.
        var mamlFlat = Gradients(MetaAlgorithm.Maml, 0);
        var fomamlFlat = Gradients(MetaAlgorithm.FoMaml, 0);
        Assert.All(mamlFlat.Zip(fomamlFlat), p => Assert.True(p.First.allclose(p.Second, rtol: 1e-10, atol: 1e-12)));
    }

    [Fact]
    public void ReptileGradientIsTheMeanStepTowardsTheAdaptedWeightsAndLeavesEmbeddingsAlone()
    {
        using var scope = NewDisposeScope();
        var (network, data) = TestData.Tiny(seed: 3);
        using var _ = network;
        using var learner = new MetaLearner(network, MetaAlgorithm.Reptile, 1e-3, InnerLr, innerSteps: 1, metaBatch: 3);
        var batch = TestData.FirstTrainTasks(data, 3);
        learner.ComputeGradients(batch);

        // One inner step: θ − φ_t = lr ∇L_t(θ) on support and query together; the meta-gradient is their mean.
        var joined = batch.SupportAndQuery!;
        var weights = network.DecisionWeights.Select(w => w.detach().clone().requires_grad_(true)).ToArray();
        Tensor x;
        using (no_grad()) x = network.Embed(joined);
        var perTask = Enumerable.Range(0, 3).Select(t =>
        {
            var one = joined.Select(tensor(new long[] { t }));
            var loss = one.TaskLosses(MeLUNetwork.Head(x[t].unsqueeze(0), weights)).sum();
            return autograd.grad([loss], weights);
        }).ToArray();
        for (int k = 0; k < weights.Length; k++)
        {
            var expected = perTask.Select(g => g[k]).Aggregate((a, b) => a + b) * (InnerLr / 3);
            Assert.True(network.DecisionWeights[k].grad!.allclose(expected, rtol: 1e-9, atol: 1e-12), $"decision tensor {k}");
        }
        Assert.All(network.Parameters.Take(7), p => Assert.True(p.grad is null || p.grad.abs().max().ToDouble() == 0));
    }
}
