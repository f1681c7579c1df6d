namespace MetaOpt.TestSupport;

/// <summary>
/// Proposes the trial's number for every parameter, so a scripted objective knows each new configuration by its
/// number and a resumed study proposes what an uninterrupted one would (the intensification tests).
/// </summary>
public sealed class TrialNumberSampler : ISampler
{
    /// <inheritdoc/>
    public double SampleIndependent(Study study, FrozenTrial trial, string name, Distribution distribution) => trial.Number;
}
