using System.Diagnostics;
using MetaOpt.Recommender;

namespace MetaOpt.Studies.Recommender;

/// <summary>What every recommender trial does around its training: the device and build it ran on, its seconds, its
/// epochs reported for pruning, and a diverged run pruned with the reason.</summary>
internal static class TrainingTrial
{
    /// <summary>Runs <paramref name="train"/> on the trial's device (the orchestrator's slot, else the run's one) and
    /// returns its value, recording the device, build and seconds.</summary>
    public static T Run<T>(Trial trial, StudyRunContext context, Func<string, T> train)
    {
        var device = trial.Device ?? context.Device;
        // A trial on a slot has its device recorded by the orchestrator already.
        if (trial.Device is null)
            trial.SetUserAttr(TrialAttributes.Device, device);
        TrialAttributes.StampBuild(trial);
        var clock = Stopwatch.StartNew();
        try
        {
            return train(device);
        }
        catch (TrainingDivergedException e)
        {
            // Pruned rather than failed: samplers ignore failed trials, so TPE would keep proposing the region
            // that diverges; a pruned trial with no report ranks below every other one and steers it away.
            trial.SetUserAttr(TrialAttributes.Diverged, e.Message);
            throw new TrialPrunedException($"Diverged: {e.Message}", e);
        }
        finally
        {
            trial.SetUserAttr(TrialAttributes.Seconds, clock.Elapsed.TotalSeconds);
        }
    }

    /// <summary>The epoch callback that reports <paramref name="value"/> of each epoch's validation metrics and stops
    /// the training when the pruner says so.</summary>
    public static Action<EpochReport> Reporter(Trial trial, string label, Func<EpochReport, double> value) => epoch =>
    {
        EpochCounter(trial)(epoch);
        var reported = value(epoch);
        trial.Report(reported, epoch.Epoch);
        if (trial.ShouldPrune())
            throw new TrialPrunedException($"Pruned after epoch {epoch.Epoch + 1} at validation {label} {reported:F4}.");
    };

    /// <summary>The epoch callback of a trial that cannot be pruned (a multi-objective one): it only records the epochs run.</summary>
    public static Action<EpochReport> EpochCounter(Trial trial) => epoch => trial.SetUserAttr(TrialAttributes.EpochsRun, epoch.Epoch + 1);
}
