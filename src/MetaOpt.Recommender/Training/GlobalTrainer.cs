using System.Diagnostics;
using MetaOpt.Recommender.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaOpt.Recommender.Training;

/// <summary>Trains a network as one global model on individual ratings (transfer baseline and pretraining):
/// Adam on the MSE of shuffled mini-batches, the last partial batch included, as the reference.</summary>
internal sealed class GlobalTrainer : IDisposable
{
    private readonly MeLUNetwork _network;
    private readonly TaskTensors _rows;
    private readonly int _batch;
    private readonly HeldScalarAdam _optimizer;

    public GlobalTrainer(MeLUNetwork network, TaskTensors rows, double lr, int batch)
    {
        _network = network;
        _rows = rows;
        _batch = batch;
        _optimizer = new HeldScalarAdam(network.Parameters, lr);
    }

    /// <summary>One pass over the rows in an order drawn from <paramref name="random"/>; appends each batch's
    /// seconds to <paramref name="batchSeconds"/> and returns the mean batch loss. The order goes to the device once
    /// and the losses are read once, after the pass.</summary>
    /// <exception cref="TrainingDivergedException">A batch loss is not finite.</exception>
    public double RunEpoch(Random random, string phase, int epoch, List<double> batchSeconds, CancellationToken cancellation)
    {
        int n = (int)_rows.TaskCount;
        var order = Enumerable.Range(0, n).Select(i => (long)i).ToArray();
        random.Shuffle(order);
        using var epochScope = NewDisposeScope();
        var onDevice = tensor(order, int64).to(_rows.Items.device);
        var losses = new List<Tensor>((n + _batch - 1) / _batch);
        for (int start = 0; start < n; start += _batch)
        {
            cancellation.ThrowIfCancellationRequested();
            long began = Stopwatch.GetTimestamp();
            using var scope = NewDisposeScope();
            var rows = _rows.Select(onDevice.narrow(0, start, Math.Min(_batch, n - start)));
            _optimizer.ZeroGrad();
            var loss = rows.TaskLosses(MeLUNetwork.Head(_network.Embed(rows), _network.DecisionWeights.ToArray())).mean();
            loss.backward();
            _optimizer.Step();
            losses.Add(loss.detach().reshape(1).MoveToOuterDisposeScope());
            batchSeconds.Add(Stopwatch.GetElapsedTime(began).TotalSeconds);
        }
        return RecommenderTrainer.EpochLoss(HostRead.Doubles(cat(losses)), phase, epoch);
    }

    public void Dispose() => _optimizer.Dispose();
}
