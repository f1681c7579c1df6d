using System.Runtime.CompilerServices;

namespace MetaOpt;

/// <summary>
/// An earlier study's finished trials, as read for a warm start, with its meta-features and, once compared with the
/// new study's, their distance.
/// </summary>
internal sealed record SourceStudy(
    IStorage Storage, string Name, Direction Direction, IReadOnlyList<FrozenTrial> Trials, MetaFeatures? Features = null, double? Distance = null)
{
    /// <summary>Identifies the study across storages, for caching models fitted on it.</summary>
    public string Key => $"{RuntimeHelpers.GetHashCode(Storage)}/{Name}/{Trials.Count}";
}
