namespace MetaOpt;

/// <summary>
/// A trial could not be finished because it already was: by another worker, which took it for abandoned (its heartbeat
/// looked stale), or by an earlier call. <see cref="Study.Optimize"/> warns and goes on; other callers see an
/// <see cref="InvalidOperationException"/>.
/// </summary>
internal sealed class TrialFinishedElsewhereException(FrozenTrial stored, string message) : InvalidOperationException(message)
{
    /// <summary>The trial as stored, finished by whoever came first.</summary>
    public FrozenTrial Stored { get; } = stored;
}
