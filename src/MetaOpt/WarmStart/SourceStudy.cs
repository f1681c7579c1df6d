using System.Runtime.CompilerServices;

namespace MetaOpt;

/// <summary>An earlier study's finished trials, as read for a warm start.</summary>
internal sealed record SourceStudy(IStorage Storage, string Name, Direction Direction, IReadOnlyList<FrozenTrial> Trials)
{
    /// <summary>Identifies the study across storages, for caching models fitted on it.</summary>
    public string Key => $"{RuntimeHelpers.GetHashCode(Storage)}/{Name}/{Trials.Count}";
}
