namespace MetaOpt.Launcher.Cli;

/// <summary>
/// A failure the user can act on: its message is printed as the one line on stderr, and the process exits with
/// <see cref="ExitCode"/>. The message says what is wrong and what to do.
/// </summary>
internal sealed class LauncherException(string message, int exitCode, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>The process exit code for this failure.</summary>
    public int ExitCode { get; } = exitCode;

    /// <summary>A mistake on the command line (exit code 2).</summary>
    public static LauncherException Usage(string message) => new(message, ExitCodes.Usage);

    /// <summary>A well-formed command that could not be carried out (exit code 1).</summary>
    public static LauncherException Failure(string message, Exception? innerException = null) =>
        new(message, ExitCodes.Failure, innerException);
}
