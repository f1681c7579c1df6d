namespace MetaOpt.Recommender.Training;

/// <summary>A split's support and query sets, task-aligned; support-plus-query only where Reptile needs it.</summary>
internal sealed record SplitTensors(TaskTensors Support, TaskTensors Query, TaskTensors? SupportAndQuery)
{
    public int TaskCount => (int)Support.TaskCount;
}
