namespace MetaOpt.Launcher.Tests;

/// <summary>What one launcher invocation printed and returned.</summary>
internal sealed record LauncherOutcome(int ExitCode, string Output, string Error)
{
    /// <summary>The non-empty lines of standard error.</summary>
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Runs the launcher's command line in this process with captured output, or as a process of its own.</summary>
internal static class Launcher
{
    /// <summary>
    /// Runs the real launcher (its apphost beside these tests) in <paramref name="folder"/>, with the study packages
    /// of this process's environment unless <paramref name="environment"/> sets them.
    /// </summary>
    public static LauncherOutcome Start(string folder, string[] args, IReadOnlyDictionary<string, string> environment)
    {
        var start = new System.Diagnostics.ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "MetaOpt.Launcher"), args)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove(UserStudies.StudyPackages.Variable);
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        using var process = System.Diagnostics.Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return new LauncherOutcome(process.ExitCode, output, error.Result);
    }

    public static LauncherOutcome Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = Program.Run(args, output, error);
        return new LauncherOutcome(exitCode, output.ToString(), error.ToString());
    }
}
