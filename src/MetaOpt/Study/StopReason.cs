namespace MetaOpt;

/// <summary>Why <see cref="Study.Optimize"/> returned.</summary>
public enum StopReason
{
    /// <summary>The requested number of trials ran.</summary>
    TrialsDone,

    /// <summary>The time budget ran out; trials already running were allowed to finish.</summary>
    Timeout,

    /// <summary>The cancellation token fired or Ctrl+C was pressed; running trials were marked Failed.</summary>
    Cancelled,

    /// <summary><see cref="Study.Stop"/> was called, for example by a callback or an exhausted grid sampler.</summary>
    Stopped,
}
