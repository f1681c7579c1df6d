using MetaOpt.Storages.Files;

namespace MetaOpt;

public sealed partial class LiteDbStorage
{
    /// <summary>
    /// Reads the whole storage file and says whether it is sound, without writing anything: every document of every
    /// collection is read and decoded, and each study's trials must be numbered without a gap.
    /// </summary>
    /// <param name="path">The storage file.</param>
    /// <exception cref="StorageLockedException">A writer has the file open.</exception>
    /// <exception cref="InvalidStorageFileException">The file is not a MetaOpt LiteDB storage at all.</exception>
    /// <exception cref="StorageUnavailableException">The file does not exist, or is a directory or a device.</exception>
    public static StorageCheckResult Check(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        CheckPath(path, readOnly: true);
        using var fileLock = Unavailable(path, true, () => StorageFileLock.Acquire(path, write: false, DefaultLockWait));
        try
        {
            var contents = ReadVerified(path);
            return new StorageCheckResult(path, contents.Studies.Count, contents.TrialsByStudy.Values.Sum(t => t.Count), []);
        }
        catch (StorageDamagedException damaged)
        {
            // Count what a recovery could still copy, and list every finding rather than the first.
            var problems = new List<string>();
            var readable = DataPageScanner.ReadDocuments(path, problems);
            var contents = ReadAllFindings(path);
            problems.InsertRange(0, contents.Count > 0 ? contents : [damaged.Finding]);
            return new StorageCheckResult(path,
                readable.Count(d => d.ContainsKey("direction")),
                readable.Count(d => d.ContainsKey(Storages.Documents.TrialDocuments.StudyField)),
                problems.Distinct().ToList());
        }
    }

    /// <summary>
    /// Copies every study and trial that can still be read from a (damaged) storage file into a new file, never
    /// writing the source; where a study lost trials, the rest are numbered again from 0 in their order.
    /// </summary>
    /// <param name="path">The storage file to read.</param>
    /// <param name="newPath">The new file to write; it must not exist.</param>
    /// <exception cref="StorageUnavailableException"><paramref name="newPath"/> exists or cannot be written, or <paramref name="path"/> does not exist.</exception>
    /// <exception cref="StorageLockedException">A writer has the source open.</exception>
    /// <exception cref="InvalidStorageFileException">The source is not a LiteDB file at all.</exception>
    public static StorageRecoveryResult Recover(string path, string newPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentException.ThrowIfNullOrWhiteSpace(newPath);
        CheckPath(path, readOnly: true);
        using var fileLock = Unavailable(path, true, () => StorageFileLock.Acquire(path, write: false, DefaultLockWait));
        if (Unavailable(path, true, () => LiteDbFileFormat.WhyNotLiteDb(path)) is { } why)
            throw new InvalidStorageFileException(path, $"{path} is not a MetaOpt/LiteDB storage: {why}.");
        return StorageRecovery.Recover(path, newPath);
    }

    /// <summary>Every finding of the read-only pass, when LiteDB can open the file at all.</summary>
    private static List<string> ReadAllFindings(string path)
    {
        try
        {
            using var database = ReadOnlyDatabase.Open(path);
            return StorageContents.Read(database.Database, path).Problems;
        }
        catch (Exception e) when (e is not InvalidStorageFileException)
        {
            return [];
        }
    }
}
