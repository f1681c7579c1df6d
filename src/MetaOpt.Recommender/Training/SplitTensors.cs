namespace MetaOpt.Recommender.Training;

/// <summary>A split's support and query sets, task-aligned; support-plus-query only where Reptile needs it; the ranking
/// candidates (query positives rated 1, sampled negatives 0) only where <see cref="TrainingConfig.Ranking"/> asks.</summary>
internal sealed record SplitTensors(TaskTensors Support, TaskTensors Query, TaskTensors? SupportAndQuery, TaskTensors? Candidates = null)
{
    public int TaskCount => (int)Support.TaskCount;
}
