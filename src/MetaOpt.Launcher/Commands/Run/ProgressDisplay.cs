namespace MetaOpt.Launcher.Commands.Run;

/// <summary>Shows a run's progress while the study optimises on another thread.</summary>
internal abstract class ProgressDisplay(RunProgress progress)
{
    protected RunProgress Progress => progress;

    /// <summary>Called on the worker thread when a trial starts, with its device slot (null without slots).</summary>
    public void TrialStarted(int trialNumber, string? device)
    {
        progress.Started(trialNumber, device);
        OnStarted(trialNumber, device);
    }

    /// <summary>Called on the worker thread when a trial has been stored in its final state.</summary>
    public void TrialFinished(FrozenTrial trial)
    {
        progress.Finished(trial);
        OnFinished(trial);
    }

    /// <summary>Shows progress until <paramref name="optimization"/> ends, and returns its result.</summary>
    public abstract StopReason Show(Task<StopReason> optimization);

    protected virtual void OnStarted(int trialNumber, string? device) { }

    protected virtual void OnFinished(FrozenTrial trial) { }
}
