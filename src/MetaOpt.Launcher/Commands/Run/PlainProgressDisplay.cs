using MetaOpt.Launcher.Cli;

namespace MetaOpt.Launcher.Commands.Run;

/// <summary>Progress as one line per trial start and end: for logs, CI and redirected output.</summary>
internal sealed class PlainProgressDisplay(RunProgress progress, TextWriter output) : ProgressDisplay(progress)
{
    private readonly object _lock = new();

    public override StopReason Show(Task<StopReason> optimization) => optimization.GetAwaiter().GetResult();

    protected override void OnStarted(int trialNumber, string? device) =>
        Write($"trial {trialNumber} started" + (device is null ? "" : $" on {device}"));

    protected override void OnFinished(FrozenTrial trial)
    {
        var best = Progress.Best;
        Write($"trial {trial.Number} {Format.Outcome(trial)} | "
              + (Progress.FrontSize is { } front ? $"front {front}" : $"best {Format.Value(best?.Value)}" + (best is null ? "" : $" (trial {best.Number})"))
              + $" | {Progress.Done}/{Progress.Total} done, {Format.Duration(Progress.Elapsed)} elapsed, ~{Format.Duration(Progress.Remaining())} left"
              + $" | {Format.Params(trial.Params)}");
    }

    private void Write(string line)
    {
        lock (_lock)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }
}
