using System.Diagnostics;

namespace MetaOpt.Storage.Postgres.Tests;

/// <summary>What one run of the launcher printed and returned.</summary>
internal sealed record LauncherOutcome(int ExitCode, string Output, string Error)
{
    public string All => Output + Error;
}

/// <summary>The launcher built next to the tests, run as a real process (each call its own, as a script's calls are).</summary>
internal static class LauncherProcess
{
    public static string Program => Path.Combine(AppContext.BaseDirectory, "MetaOpt.Launcher");

    /// <summary>Runs it to the end; <paramref name="storage"/>, when given, is its METAOPT_STORAGE, which it never inherits from the tests.</summary>
    public static LauncherOutcome Run(string[] arguments, string? storage, string? workingDirectory = null)
    {
        using var process = Process.Start(StartInfo(arguments, storage, workingDirectory))!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return new LauncherOutcome(process.ExitCode, output, error.Result);
    }

    public static LauncherOutcome Run(params string[] arguments) => Run(arguments, storage: null);

    /// <summary>Runs it and checks that it exited with 0; returns its standard output.</summary>
    public static string Succeed(params string[] arguments)
    {
        var outcome = Run(arguments);
        Assert.True(outcome.ExitCode == 0, $"metaopt {string.Join(' ', arguments)} exited with {outcome.ExitCode}: {outcome.Error}");
        return outcome.Output;
    }

    public static ProcessStartInfo StartInfo(string[] arguments, string? storage = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(Program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment.Remove("METAOPT_STORAGE");
        if (storage is not null)
            start.Environment["METAOPT_STORAGE"] = storage;
        return start;
    }
}
