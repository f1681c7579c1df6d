using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace MetaOpt.FaultInjection.Tests;

/// <summary>What one launcher process printed and how it ended.</summary>
internal sealed record LauncherOutcome(int ExitCode, string Output, string Error)
{
    /// <summary>The non-empty lines of standard error.</summary>
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Everything it printed, for assertion messages.</summary>
    public override string ToString() => $"exit {ExitCode}\n--- stderr ---\n{Error}\n--- stdout (tail) ---\n{Output[Math.Max(0, Output.Length - 1500)..]}";
}

/// <summary>
/// The real launcher (the apphost the launcher project builds beside these tests) as a child process whose stdout
/// lines can be awaited, so an attack lands at a moment the launcher itself announced.
/// </summary>
internal sealed class LauncherChild : IDisposable
{
    /// <summary>How long one launcher command or line may take before the test calls it hung: a guard, not a bound (a loaded machine takes minutes per synthetic trial).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(8);

    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = new();
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private LauncherChild(Process process) => _process = process;

    /// <summary>The child's process id.</summary>
    public int Pid => _process.Id;

    /// <summary>Whether the child has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts <c>metaopt ARGS</c> in <paramref name="directory"/>, as the unprivileged user <c>nobody</c> when
    /// <paramref name="asNobody"/>, with <paramref name="environment"/> added to its environment.
    /// </summary>
    public static LauncherChild Start(string directory, IEnumerable<string> args, bool asNobody = false, IReadOnlyDictionary<string, string>? environment = null)
    {
        var launcher = asNobody ? Nobody.Launcher : Path.Combine(AppContext.BaseDirectory, "MetaOpt.Launcher");
        // setpriv execs the launcher in its own process, so the pid signalled is the launcher's.
        var start = new ProcessStartInfo(asNobody ? "setpriv" : launcher)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (asNobody)
            foreach (var arg in new[] { $"--reuid={Nobody.Uid}", $"--regid={Nobody.Uid}", "--clear-groups", "--", launcher })
                start.ArgumentList.Add(arg);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        var process = new Process { StartInfo = start };
        var child = new LauncherChild(process);
        process.OutputDataReceived += (_, e) => child.Receive(e.Data, child._output, child._lines);
        process.ErrorDataReceived += (_, e) => child.Receive(e.Data, child._error, null);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs <c>metaopt ARGS</c> to its end.</summary>
    public static LauncherOutcome Run(string directory, IEnumerable<string> args, bool asNobody = false, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var child = Start(directory, args, asNobody, environment);
        return child.WaitForExit();
    }

    /// <summary>Waits for the next stdout line matching <paramref name="match"/>; null when the child ended first.</summary>
    public string? WaitForLine(Func<string, bool> match)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (_lines.TryTake(out var line, TimeSpan.FromMilliseconds(200)))
            {
                if (match(line))
                    return line;
            }
            else if (_lines.IsCompleted)
            {
                return null;
            }
        }
        throw new TimeoutException($"the launcher printed no matching line within {Patience}: {SoFar()}");
    }

    /// <summary>Sends a signal to the child (ignored when it has already ended).</summary>
    public void Signal(int signal)
    {
        if (!_process.HasExited)
            Signals.Send(_process.Id, signal);
    }

    /// <summary>Waits for the child to end and returns what it printed; kills it and fails when it hangs.</summary>
    public LauncherOutcome WaitForExit()
    {
        if (!_process.WaitForExit(Patience))
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
            Assert.Fail($"the launcher did not end within {Patience}: {SoFar()}");
        }
        // The parameterless wait also drains the asynchronous stdout and stderr readers.
        _process.WaitForExit();
        return SoFar();
    }

    /// <summary>What the child has printed so far (exit code -1 while it runs), for failure messages; waits for nothing.</summary>
    public LauncherOutcome SoFar()
    {
        lock (_output)
            lock (_error)
                return new LauncherOutcome(_process.HasExited ? _process.ExitCode : -1, _output.ToString(), _error.ToString());
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
        _lines.Dispose();
    }

    private void Receive(string? line, StringBuilder all, BlockingCollection<string>? lines)
    {
        if (line is null)
        {
            lines?.CompleteAdding();
            return;
        }
        lock (all)
            all.Append(line).Append('\n');
        lines?.Add(line);
    }
}
