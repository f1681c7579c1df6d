namespace MetaOpt;

/// <summary>Thrown by an objective to tell the study that <see cref="Trial.ShouldPrune"/> stopped the trial.</summary>
public sealed class TrialPrunedException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public TrialPrunedException() : base("Trial was pruned.") { }

    /// <summary>Creates the exception with a message.</summary>
    public TrialPrunedException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public TrialPrunedException(string message, Exception innerException) : base(message, innerException) { }
}
