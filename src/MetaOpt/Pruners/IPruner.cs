namespace MetaOpt;

/// <summary>Decides, from a running trial's intermediate values and the study's history, whether to stop it early.</summary>
/// <remarks>
/// Called from <see cref="Trial.ShouldPrune"/> on the worker thread running the trial, so implementations
/// must be thread-safe. Bookkeeping that must survive a restart (rungs, brackets) goes into trial system
/// attributes through <see cref="Study.SetTrialSystemAttr"/>.
/// </remarks>
public interface IPruner
{
    /// <summary>True when the trial should stop now.</summary>
    /// <param name="study">The study the trial belongs to.</param>
    /// <param name="trial">A fresh snapshot of the running trial, including its latest report.</param>
    bool Prune(Study study, FrozenTrial trial);
}
