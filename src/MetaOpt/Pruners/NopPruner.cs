namespace MetaOpt;

/// <summary>A pruner that never prunes.</summary>
public sealed class NopPruner : IPruner
{
    /// <inheritdoc/>
    public bool Prune(Study study, FrozenTrial trial) => false;
}
