namespace MetaOpt.Launcher.Cli;

/// <summary>The launcher's process exit codes.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Ok = 0;

    /// <summary>The command was well formed but failed: storage locked or damaged, training failed, data unreadable.</summary>
    public const int Failure = 1;

    /// <summary>The command line was wrong: unknown command, option, study, sampler or pruner, missing directory.</summary>
    public const int Usage = 2;

    /// <summary><c>metaopt report-value</c>: the pruner says the trial should stop now (0 means go on).</summary>
    public const int Prune = 3;

    /// <summary>Interrupted by Ctrl+C (128 + SIGINT, the shell convention); the study can be resumed.</summary>
    public const int Interrupted = 130;

    /// <summary>Stopped by SIGTERM (128 + 15); the study can be resumed.</summary>
    public const int Terminated = 143;
}
