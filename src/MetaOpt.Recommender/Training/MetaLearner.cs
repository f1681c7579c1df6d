using MetaOpt.Recommender.Model;
using TorchSharp;
using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;

namespace MetaOpt.Recommender.Training;

/// <summary>
/// The outer loop of MAML, first-order MAML, Meta-SGD and Reptile over one network: computes a meta-batch's
/// meta-gradient into the parameters' gradients and applies it with Adam. All users of a meta-batch are
/// adapted together (see <see cref="InnerLoop"/>).
/// </summary>
internal sealed class MetaLearner : IDisposable
{
    private readonly MeLUNetwork _network;
    private readonly MetaAlgorithm _algo;
    private readonly int _innerSteps;
    // Held for the learner's life: a Scalar converted implicitly at each call can be finalized while the native
    // division still reads it (seen as "Unknown scalar type" with two trials training at once; dotnet/TorchSharp#1496).
    private readonly Scalar _metaBatch;
    private readonly Tensor[] _scalarRates;
    private readonly Parameter[] _learnedRates;
    private readonly HeldScalarAdam _optimizer;

    public MetaLearner(MeLUNetwork network, MetaAlgorithm algo, double metaLr, double innerLr, int innerSteps, int metaBatch)
    {
        if (algo == MetaAlgorithm.Transfer)
            throw new ArgumentException("Transfer learning has no meta-learner; train the global model instead.", nameof(algo));
        _network = network;
        _algo = algo;
        _innerSteps = innerSteps;
        _metaBatch = metaBatch.ToScalar();
        _scalarRates = InnerLoop.ScalarRates(network, innerLr);
        // Meta-SGD learns one inner rate per adapted entry, starting from the scalar rate.
        _learnedRates = algo == MetaAlgorithm.MetaSgd
            ? network.DecisionWeights.Skip(network.FirstAdapted).Select(w => new Parameter(full_like(w, innerLr))).ToArray()
            : [];
        _optimizer = new HeldScalarAdam([.. network.Parameters, .. _learnedRates], metaLr);
    }

    /// <summary>Inner learning rates for evaluation: the learned ones (detached) for Meta-SGD, else the scalar.</summary>
    public IReadOnlyList<Tensor> EvaluationRates =>
        _algo == MetaAlgorithm.MetaSgd ? _learnedRates.Select(r => r.detach()).ToArray() : _scalarRates;

    /// <summary>Meta-SGD's learned inner learning rates (empty for the other algorithms).</summary>
    public IReadOnlyList<Parameter> LearnedRates => _learnedRates;

    /// <summary>Replaces the parameters' gradients with <paramref name="batch"/>'s meta-gradient and returns the
    /// batch's outer loss (Reptile: the mean inner loss before its last step) as a detached one-element tensor on the
    /// device, read with the epoch's others (<see cref="HostRead"/>). Call inside a dispose scope.</summary>
    public Tensor ComputeGradients(SplitTensors batch)
    {
        _optimizer.ZeroGrad();
        return _algo == MetaAlgorithm.Reptile ? ReptileGradients(batch) : MamlGradients(batch);
    }

    /// <summary>Applies the gradients with Adam.</summary>
    public void Step() => _optimizer.Step();

    private Tensor MamlGradients(SplitTensors batch)
    {
        var rates = _algo == MetaAlgorithm.MetaSgd ? _learnedRates : _scalarRates;
        var supportX = _network.Embed(batch.Support);
        var fast = InnerLoop.Adapt(_network, supportX, batch.Support, _innerSteps, rates,
            secondOrder: _algo != MetaAlgorithm.FoMaml, fromConstants: false, out _);
        var loss = batch.Query.TaskLosses(MeLUNetwork.Head(_network.Embed(batch.Query), fast)).sum().div(_metaBatch);
        loss.backward();
        return loss.detach().reshape(1);
    }

    // Reptile moves the initial weights towards each user's adapted weights: gradient (θ − φ) / meta_batch per
    // adapted layer, produced by backward on the surrogate Σ θ·(θ − φ)/meta_batch with the difference held
    // constant; the embeddings get no gradient, so Adam leaves them alone.
    private Tensor ReptileGradients(SplitTensors batch)
    {
        var joined = batch.SupportAndQuery ?? throw new ArgumentException("Reptile needs the joined support-and-query rows.", nameof(batch));
        Tensor x;
        using (no_grad()) x = _network.Embed(joined);
        var fast = InnerLoop.Adapt(_network, x, joined, _innerSteps, _scalarRates, secondOrder: false, fromConstants: true, out var innerLoss);
        var weights = _network.DecisionWeights;
        var surrogate = Enumerable.Range(_network.FirstAdapted, weights.Count - _network.FirstAdapted)
            .Select(k => weights[k].mul((weights[k].detach().unsqueeze(0) - fast[k].detach()).sum(dim: 0).div(_metaBatch)).sum())
            .Aggregate((a, b) => a + b);
        surrogate.backward();
        return innerLoss.reshape(1);
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        foreach (var rate in _learnedRates) rate.Dispose();
        _metaBatch.Dispose();
    }
}
