using MetaOpt.Recommender.Model;
using static TorchSharp.torch;

namespace MetaOpt.Recommender.Training;

/// <summary>A run's trained network as its evaluation adapts it: the inner rates and steps, the run's data, and the
/// learned inner rates' size (Meta-SGD's, part of what a user's adaptation needs). Alive only inside the run.</summary>
internal sealed record TrainedNetwork(MeLUNetwork Network, IReadOnlyList<Tensor> Rates, int Steps, RunData Data, long LearnedRateCount)
{
    /// <summary>Every number the model needs to adapt to a user and predict: the network's parameters and the learned rates.</summary>
    public long ParameterCount => Network.Parameters.Sum(p => p.numel()) + LearnedRateCount;
}
