namespace MetaOpt;

/// <summary>The life cycle of a trial.</summary>
/// <remarks>
/// Waiting (enqueued, not started) → Running → one of the finished states Complete, Pruned or Failed.
/// A finished trial never changes again.
/// </remarks>
public enum TrialState
{
    /// <summary>Enqueued with fixed parameters and not yet picked up by a worker.</summary>
    Waiting,

    /// <summary>Being evaluated by a worker.</summary>
    Running,

    /// <summary>Finished with a finite objective value.</summary>
    Complete,

    /// <summary>Stopped early by the pruner; its value is the last reported intermediate value.</summary>
    Pruned,

    /// <summary>The objective threw, returned NaN or infinity, was interrupted, or its process died.</summary>
    Failed,
}
