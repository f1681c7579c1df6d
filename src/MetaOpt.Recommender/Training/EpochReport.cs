namespace MetaOpt.Recommender;

/// <summary>What a run tells its caller after each epoch (pruning decides on <see cref="ValidationMae"/>).</summary>
/// <param name="Epoch">Zero-based epoch index.</param>
/// <param name="ValidationMae">MAE on the meta-validation users after adapting on their support sets.</param>
/// <param name="TrainLoss">Mean outer loss of the epoch's meta-batches (for Reptile: the inner loss on support and query).</param>
/// <param name="Seconds">Training time of the epoch, validation excluded.</param>
public sealed record EpochReport(int Epoch, double ValidationMae, double TrainLoss, double Seconds)
{
    /// <summary>Every metric on the meta-validation users after the epoch, the ranking ones included when asked for,
    /// so that a study tuning another metric can report it; null only where a report is made by hand.</summary>
    public EvaluationMetrics? Validation { get; init; }

    /// <summary>How many times the epoch (training and validation) read tensor values back to the host, each a wait
    /// for the device on a GPU: a fixed small number, whatever the number of batches and users; 0 in a report made by hand.</summary>
    public int HostReads { get; init; }
}
