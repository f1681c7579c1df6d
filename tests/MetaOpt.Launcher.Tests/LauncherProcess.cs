namespace MetaOpt.Launcher.Tests;

/// <summary>What one launcher invocation printed and returned.</summary>
internal sealed record LauncherOutcome(int ExitCode, string Output, string Error)
{
    /// <summary>The non-empty lines of standard error.</summary>
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Runs the launcher's command line in this process with captured output.</summary>
internal static class Launcher
{
    public static LauncherOutcome Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = Program.Run(args, output, error);
        return new LauncherOutcome(exitCode, output.ToString(), error.ToString());
    }
}
