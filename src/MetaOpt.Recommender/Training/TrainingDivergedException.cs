namespace MetaOpt.Recommender;

/// <summary>
/// A run's loss became NaN or infinite (typically learning rates too large for the number of steps). The run
/// stops at once, so a study can mark the trial failed and move on cheaply.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception for a run that diverged in <paramref name="phase"/>.</summary>
    public TrainingDivergedException(string phase, int epoch, int batch, double loss)
        : base($"Training diverged during {phase}: the loss is {loss} at epoch {epoch}, batch {batch}. " +
               "Lower the learning rates (meta-lr, inner-lr, global-lr) or the inner steps.")
    {
        Phase = phase;
        Epoch = epoch;
        Batch = batch;
        Loss = loss;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public TrainingDivergedException(string message) : base(message) => Phase = "";

    /// <summary>Creates the exception with a message and its cause.</summary>
    public TrainingDivergedException(string message, Exception innerException) : base(message, innerException) => Phase = "";

    /// <summary>"pretraining", "meta-training", "global training" or "validation".</summary>
    public string Phase { get; }

    /// <summary>Zero-based epoch in which the loss diverged.</summary>
    public int Epoch { get; }

    /// <summary>Zero-based batch within the epoch.</summary>
    public int Batch { get; }

    /// <summary>The non-finite loss.</summary>
    public double Loss { get; }
}
