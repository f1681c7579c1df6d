namespace MetaOpt.Execution;

/// <summary>
/// A trial's worker process failed it: the process died (its exit code or signal, and the last lines of its standard
/// error), exceeded the trial's time or memory, or the objective threw there. The message is the trial's fail reason.
/// </summary>
public sealed class TrialProcessException : Exception
{
    /// <summary>Creates the exception with the reason the trial is stored with.</summary>
    public TrialProcessException(string message) : base(message) { }

    /// <summary>Creates the exception with a reason and its cause.</summary>
    public TrialProcessException(string message, Exception innerException) : base(message, innerException) { }
}
