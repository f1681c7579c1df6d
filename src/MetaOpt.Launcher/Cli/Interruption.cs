using System.Runtime.InteropServices;

namespace MetaOpt.Launcher.Cli;

/// <summary>
/// SIGINT (Ctrl+C) and SIGTERM for the whole command: the first one cancels <see cref="Token"/>, so the command stops
/// at its next safe point and says how to resume; a second one ends the process the default way.
/// </summary>
internal sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _exitCode = ExitCodes.Interrupted;

    private Interruption()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, context => OnSignal(context, ExitCodes.Interrupted)),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => OnSignal(context, ExitCodes.Terminated)),
        ];
    }

    /// <summary>Starts listening for the signals until disposed.</summary>
    public static Interruption Listen() => new();

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>Whether a signal arrived.</summary>
    public bool Requested => _source.IsCancellationRequested;

    /// <summary>The exit code for the signal that arrived: 130 for SIGINT, 143 for SIGTERM.</summary>
    public int ExitCode => Volatile.Read(ref _exitCode);

    /// <summary>The failure to end the command with: "interrupted; " and what was kept and how to go on.</summary>
    public LauncherException Stopped(string whatNow) => new($"interrupted; {whatNow}", ExitCode);

    public void Dispose()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
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
