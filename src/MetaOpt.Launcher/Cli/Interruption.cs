using System.Runtime.InteropServices;

namespace MetaOpt.Launcher.Cli;

/// <summary>
/// SIGINT (Ctrl+C) and SIGTERM for the whole command. A command that writes calls <see cref="Listen"/> first: from
/// then on the first signal cancels the token, so the command stops at its next safe point and says how to resume,
/// and a second one ends the process the default way. Commands that only read never listen, so a signal stops them
/// at once, as any program (they have nothing to leave half-done).
/// </summary>
internal sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly object _lock = new();
    private PosixSignalRegistration[] _registrations = [];
    private int _exitCode = ExitCodes.Interrupted;

    /// <summary>Handles the signals from now until disposed, and returns the token the first one cancels.</summary>
    public CancellationToken Listen()
    {
        lock (_lock)
        {
            if (_registrations.Length == 0)
                _registrations =
                [
                    PosixSignalRegistration.Create(PosixSignal.SIGINT, context => OnSignal(context, ExitCodes.Interrupted)),
                    PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => OnSignal(context, ExitCodes.Terminated)),
                ];
        }
        return _source.Token;
    }

    /// <summary>Cancelled by the first signal after <see cref="Listen"/>.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>Whether a signal arrived.</summary>
    public bool Requested => _source.IsCancellationRequested;

    /// <summary>The exit code for the signal that arrived: 130 for SIGINT, 143 for SIGTERM.</summary>
    public int ExitCode => Volatile.Read(ref _exitCode);

    /// <summary>The failure to end the command with: "interrupted; " and what was kept and how to go on.</summary>
    public LauncherException Stopped(string whatNow) => new($"interrupted; {whatNow}", ExitCode);

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var registration in _registrations)
                registration.Dispose();
        }
        _source.Dispose();
    }

    private void OnSignal(PosixSignalContext context, int exitCode)
    {
        if (_source.IsCancellationRequested)
            return;
        context.Cancel = true;
        Volatile.Write(ref _exitCode, exitCode);
        _source.Cancel();
    }
}
