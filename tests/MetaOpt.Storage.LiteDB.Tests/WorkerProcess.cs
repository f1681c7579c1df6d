using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace MetaOpt.Storage.LiteDB.Tests;

/// <summary>The test worker (MetaOpt.Storage.LiteDB.Tests.Worker) running a study as a real child process.</summary>
internal sealed partial class WorkerProcess : IDisposable
{
    // Generous: the machine may be busy building other projects; a healthy worker answers in about a second.
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly StringBuilder _errors = new();

    private WorkerProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    /// <summary>Starts the worker: <paramref name="fastTrials"/> trials complete, the next reports <paramref name="reports"/> values and blocks.</summary>
    public static WorkerProcess Start(string storagePath, string studyName, int fastTrials, int reports)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "MetaOpt.Storage.LiteDB.Tests.Worker.dll"));
        foreach (var arg in new[] { storagePath, studyName, fastTrials.ToString(), reports.ToString() })
            start.ArgumentList.Add(arg);
        var worker = new WorkerProcess(Process.Start(start)!);
        worker._process.ErrorDataReceived += (_, e) =>
        {
            lock (worker._errors)
                worker._errors.AppendLine(e.Data);
        };
        worker._process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Waits until the worker has stored its blocking trial's reports and returns that trial's number.</summary>
    public int WaitForRunningTrial()
    {
        var deadline = DateTime.UtcNow + AnswerTimeout;
        while (true)
        {
            var read = _process.StandardOutput.ReadLineAsync();
            var remaining = deadline - DateTime.UtcNow;
            var line = remaining > TimeSpan.Zero && read.Wait(remaining) ? read.Result : null;
            if (line is null)
                throw new InvalidOperationException($"The worker (pid {Pid}) did not reach its blocking trial. Its errors:\n{Errors}");
            if (RunningTrialLine().Match(line) is { Success: true } match)
                return int.Parse(match.Groups[1].Value);
        }
    }

    /// <summary>Kills the worker as an out-of-memory killer or a power cut would: no cleanup, no finally blocks.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>Sends SIGTERM, as a service manager or a plain <c>kill</c> would, and returns the exit code.</summary>
    public int Terminate()
    {
        using (var kill = Process.Start("kill", ["-TERM", Pid.ToString()]))
            kill.WaitForExit();
        if (!_process.WaitForExit(AnswerTimeout))
            throw new InvalidOperationException($"The worker (pid {Pid}) did not stop on SIGTERM. Its errors:\n{Errors}");
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            Kill();
        _process.Dispose();
    }

    private string Errors
    {
        get
        {
            lock (_errors)
                return _errors.ToString();
        }
    }

    [GeneratedRegex(@"^running trial (\d+)$")]
    private static partial Regex RunningTrialLine();
}
