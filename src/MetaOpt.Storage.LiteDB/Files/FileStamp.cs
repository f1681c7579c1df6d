namespace MetaOpt.Storages.Files;

/// <summary>
/// The size and modification time of a storage file and of its LiteDB log: every committed write changes one of
/// them, so a reader that took the stamp while holding the lock knows whether what it read is still current.
/// </summary>
internal readonly record struct FileStamp(long Length, DateTime Modified, long LogLength, DateTime LogModified)
{
    /// <summary>The stamp of the storage file at <paramref name="path"/> and its log now (zeros for a missing file).</summary>
    public static FileStamp Of(string path)
    {
        var data = new FileInfo(path);
        var log = new FileInfo(ReadOnlyDatabase.LogPath(path));
        return new FileStamp(
            data.Exists ? data.Length : 0, data.Exists ? data.LastWriteTimeUtc : default,
            log.Exists ? log.Length : 0, log.Exists ? log.LastWriteTimeUtc : default);
    }
}
