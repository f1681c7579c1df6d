namespace MetaOpt;

/// <summary>
/// Where the files trials keep (<see cref="Trial.SaveArtifact"/>) live, beside a storage: content-addressed blobs,
/// each named by the SHA-256 of its bytes, so two trials saving the same bytes share one blob. Which trial owns which
/// artifact is kept by the storage (<see cref="FrozenTrial.Artifacts"/>), not here.
/// </summary>
/// <remarks>
/// Contract for implementations: every method is thread-safe and safe between processes sharing the store; a blob
/// is visible only once written whole (a reader never sees half a file); <see cref="Lock"/> excludes every other
/// holder in any process, which is what keeps a blob that one worker is recording from being deleted by another.
/// One store serves one storage: its release marks are keyed by storage-wide trial ids.
/// </remarks>
public interface IArtifactStore
{
    /// <summary>Where the store is, as messages show it (a folder).</summary>
    string Location { get; }

    /// <summary>Writes the content as a blob (unless one with its hash exists) and returns its hash and size.</summary>
    ArtifactBlob Write(Stream content);

    /// <summary>Opens a blob for reading.</summary>
    /// <exception cref="FileNotFoundException">There is no blob with that hash.</exception>
    Stream OpenRead(string hash);

    /// <summary>Whether a blob with that hash exists.</summary>
    bool Contains(string hash);

    /// <summary>Deletes a blob; nothing happens when there is none.</summary>
    void Delete(string hash);

    /// <summary>The hashes of every blob in the store.</summary>
    IReadOnlyList<string> Hashes();

    /// <summary>
    /// Takes the store's exclusive lock, waiting for other holders (threads or processes); disposing the result
    /// releases it. Recording an artifact and deleting blobs both happen under it.
    /// </summary>
    IDisposable Lock();

    /// <summary>Marks that the keep policy let go of a trial's artifacts, so that a check does not take their blobs for missing.</summary>
    void MarkReleased(long trialId);

    /// <summary>Whether <see cref="MarkReleased"/> was called for the trial.</summary>
    bool IsReleased(long trialId);

    /// <summary>Removes the mark of a trial that no longer exists (its study was deleted).</summary>
    void ForgetReleased(long trialId);
}

/// <summary>A blob of an <see cref="IArtifactStore"/>: the lower-case hex SHA-256 of its bytes, and its length.</summary>
public readonly record struct ArtifactBlob(string Hash, long Size);
