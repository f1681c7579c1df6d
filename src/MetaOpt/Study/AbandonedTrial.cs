namespace MetaOpt;

/// <summary>A Running trial whose worker was gone, as <see cref="Study.RecoverAbandonedTrials"/> left it.</summary>
/// <param name="Trial">The trial, now Failed with the reason its worker was taken for dead.</param>
/// <param name="Retry">The Waiting trial that evaluates its configuration again, or null when none was enqueued
/// (<see cref="StudyOptions.RetryFailedTrials"/> off, or its <see cref="StudyOptions.MaxRetries"/> used up).</param>
public sealed record AbandonedTrial(FrozenTrial Trial, FrozenTrial? Retry);
