namespace MetaOpt.Studies;

/// <summary>How a contributed command (<see cref="IStudyCommand"/>) failed, which sets the launcher's exit code.</summary>
public enum StudyCommandFailure
{
    /// <summary>The command line was wrong (exit code 2).</summary>
    Usage,

    /// <summary>A well-formed command could not be carried out (exit code 1).</summary>
    Failure,

    /// <summary>Stopped by the signal <see cref="StudyCommandContext.ListenForInterruption"/> listens for (exit code 130 or 143).</summary>
    Interrupted,
}

/// <summary>
/// The failure a contributed command ends with: the launcher prints its message as one line, as it does for its
/// own commands (a cause's message loses ArgumentException's parameter suffix), and exits with its code.
/// </summary>
public sealed class StudyCommandException : Exception
{
    private StudyCommandException(StudyCommandFailure failure, string message, Exception? innerException)
        : base(message, innerException) => Failure = failure;

    /// <summary>What kind of failure it is.</summary>
    public StudyCommandFailure Failure { get; }

    /// <summary>Whether the message is that of <see cref="Exception.InnerException"/>, for the launcher to word as its own.</summary>
    public bool MessageFromCause { get; private init; }

    /// <summary>A mistake on the command line, said in <paramref name="message"/>.</summary>
    public static StudyCommandException Usage(string message) => new(StudyCommandFailure.Usage, message, null);

    /// <summary>A mistake on the command line that <paramref name="cause"/> (an <see cref="ArgumentException"/>, say) describes.</summary>
    public static StudyCommandException Usage(Exception cause) => FromCause(StudyCommandFailure.Usage, cause);

    /// <summary>A command that could not be carried out, said in <paramref name="message"/>.</summary>
    public static StudyCommandException Failed(string message, Exception? cause = null) => new(StudyCommandFailure.Failure, message, cause);

    /// <summary>A command that could not be carried out because of <paramref name="cause"/>, whose message says why.</summary>
    public static StudyCommandException Failed(Exception cause) => FromCause(StudyCommandFailure.Failure, cause);

    /// <summary>Stopped by Ctrl+C or SIGTERM; <paramref name="whatNow"/> says what was kept and how to go on.</summary>
    public static StudyCommandException Interrupted(string whatNow) => new(StudyCommandFailure.Interrupted, whatNow, null);

    private static StudyCommandException FromCause(StudyCommandFailure failure, Exception cause)
    {
        ArgumentNullException.ThrowIfNull(cause);
        return new(failure, cause.Message, cause) { MessageFromCause = true };
    }
}
