namespace MetaOpt;

/// <summary>What <see cref="LiteDbStorage.Recover"/> copied from a storage file into a new one.</summary>
/// <param name="Path">The file read.</param>
/// <param name="NewPath">The file written.</param>
/// <param name="StudiesCopied">Studies copied, with their settings.</param>
/// <param name="TrialsCopied">Trials copied, numbered again from 0 in their order where some were lost.</param>
/// <param name="StudiesLost">Studies seen (a damaged document, or named by a trial) that could not be copied.</param>
/// <param name="TrialsLost">Trials that could not be copied: damaged documents, missing numbers, trials of a lost study,
/// and those the surviving index pages list whose documents are gone. Pages cut off the end of the file may hold more
/// (<see cref="PagesMissing"/>), so this counts what is known to be lost.</param>
/// <param name="Problems">What was found damaged.</param>
public sealed record StorageRecoveryResult(
    string Path,
    string NewPath,
    int StudiesCopied,
    int TrialsCopied,
    int StudiesLost,
    int TrialsLost,
    IReadOnlyList<string> Problems)
{
    /// <summary>Pages the file's header counts that are gone (it was cut short): when not 0, the losses are at least those counted.</summary>
    public int PagesMissing { get; init; }
}
