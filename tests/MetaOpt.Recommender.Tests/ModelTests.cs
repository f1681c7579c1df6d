using MetaOpt.Recommender.Model;
using TorchSharp;
using MetaOpt.Recommender.Training;
using static TorchSharp.torch;

namespace MetaOpt.Recommender.Tests;

public sealed class ModelTests
{
    [Fact]
    public void EmbeddingsConcatenateSevenFieldsAndTheHeadGivesOnePredictionPerRow()
    {
        using var scope = NewDisposeScope();
        var tasks = TestData.Tasks;
        using var network = new MeLUNetwork(tasks.Schema, new NetworkShape(5, 7, 2, 3), CPU, float32, new Random(0));
        var data = RunData.Pack(tasks, CPU, float32);
        var batch = TestData.FirstTrainTasks(data, 4);
        var x = network.Embed(batch.Support);
        Assert.Equal(new long[] { 4, 20, 7 * 5 }, x.shape);
        Assert.Equal(7 * 5, network.InputWidth);
        Assert.Equal(new long[] { 4, 20 }, MeLUNetwork.Head(x, network.DecisionWeights.ToArray()).shape);
        // Decision layers 35→7→7→1, weight then bias.
        Assert.Equal([[7, 35], [7], [7, 7], [7], [1, 7], [1]], network.DecisionWeights.Select(w => w.shape).ToArray());
        // 4 user tables, genre map, year table, item table, 6 decision tensors.
        Assert.Equal(13, network.Parameters.Count);
    }

    [Fact]
    public void PerTaskWeightsGiveTheSamePredictionsAsSharedWeights()
    {
        using var scope = NewDisposeScope();
        var (network, data) = TestData.Tiny();
        using var _ = network;
        var x = network.Embed(TestData.FirstTrainTasks(data, 3).Support);
        var shared = network.DecisionWeights.ToArray();
        var perTask = shared.Select(w => (Tensor)w.unsqueeze(0).expand([3, .. w.shape])).ToArray();
        Assert.True(MeLUNetwork.Head(x, shared).allclose(MeLUNetwork.Head(x, perTask)));
    }

    [Fact]
    public void OnlyTheOutputLayersAdaptWhenFewerAdaptedLayersAreConfigured()
    {
        using var scope = NewDisposeScope();
        var (network, data) = TestData.Tiny(adaptedLayers: 1);
        using var _ = network;
        Assert.Equal(2, network.FirstAdapted);
        var support = TestData.FirstTrainTasks(data, 3).Support;
        var fast = InnerLoop.Adapt(network, network.Embed(support), support, 2, InnerLoop.ScalarRates(network, 0.1),
            secondOrder: false, fromConstants: true, out var ignoredLoss);
        Assert.Equal(2, fast[0].dim()); // shared, untouched
        Assert.True(fast[0].allclose(network.DecisionWeights[0].detach(), rtol: 0, atol: 0));
        Assert.Equal(new long[] { 3, 1, 4 }, fast[2].shape); // per task, adapted
        Assert.False(fast[2][0].allclose(network.DecisionWeights[2].detach()));
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(false, 4)]
    [InlineData(true, 3)]
    public void AdaptingTheOutputLayerAloneInClosedFormGivesAutogradsWeightsAndLoss(bool learnedRates, int steps)
    {
        using var scope = NewDisposeScope();
        var (network, data) = TestData.Tiny(seed: 3, adaptedLayers: 1);
        using var _ = network;
        var support = TestData.FirstTrainTasks(data, 5).Support;
        var x = network.Embed(support).detach();
        // Meta-SGD's rates: one per entry of the weight and of the bias, all different.
        IReadOnlyList<Tensor> rates = learnedRates
            ? network.DecisionWeights.Skip(2).Select((w, k) => rand(w.shape, float64, generator: manual_seed(k)).mul(0.2)).ToArray()
            : InnerLoop.ScalarRates(network, 0.1);

        // From constants with one adapted layer: the closed form. Through the parameters: autograd's steps.
        var closed = InnerLoop.Adapt(network, x, support, steps, rates, secondOrder: false, fromConstants: true, out var closedLoss);
        var graph = InnerLoop.Adapt(network, x, support, steps, rates, secondOrder: false, fromConstants: false, out var graphLoss);

        Assert.False(closed[2].requires_grad);
        Assert.True(graph[2].requires_grad);
        for (int k = 0; k < closed.Length; k++)
        {
            Assert.Equal(graph[k].shape, closed[k].shape);
            Assert.True(closed[k].allclose(graph[k].detach(), rtol: 0, atol: 1e-6), $"weight {k} differs by {(closed[k] - graph[k].detach()).abs().max().ToDouble()}");
        }
        Assert.Equal(graphLoss.ToDouble(), closedLoss.ToDouble(), 1e-6);
        Assert.False(closed[2][0].allclose(network.DecisionWeights[2].detach()), "the weights moved");
    }
}
