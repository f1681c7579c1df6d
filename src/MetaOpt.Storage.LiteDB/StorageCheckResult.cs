namespace MetaOpt;

/// <summary>What <see cref="LiteDbStorage.Check"/> found in a storage file.</summary>
/// <param name="Path">The file checked.</param>
/// <param name="Studies">The studies that could be read.</param>
/// <param name="Trials">The trials that could be read.</param>
/// <param name="Problems">What is damaged, one finding each; empty when the file is sound.</param>
public sealed record StorageCheckResult(string Path, int Studies, int Trials, IReadOnlyList<string> Problems)
{
    /// <summary>Whether the whole file could be read and makes sense.</summary>
    public bool IsSound => Problems.Count == 0;
}
