namespace MetaOpt.Launcher.Cli;

/// <summary>Opens the LiteDB storage file a command names, turning every way that fails into one actionable line.</summary>
internal static class StorageFile
{
    /// <summary>
    /// Opens the storage a command names, the one opener of every verb. A <c>postgresql://</c> URL connects to the
    /// database (a reader there takes no lock). A file opens for writing when <paramref name="create"/> is true
    /// (created when absent; what <c>run</c> and <c>ask</c> do), otherwise read-only, which never changes the file;
    /// likewise a database gets MetaOpt's tables only when <paramref name="create"/> is true, and a reader refuses one
    /// without them in one line (most often a mistyped database name) rather than create them there.
    /// </summary>
    /// <param name="location">The file or URL, as given.</param>
    /// <param name="create">Whether a file opens for writing, created when absent, and a database gets MetaOpt's tables.</param>
    /// <param name="lockWait">How long to wait while another process holds a file; null for the storage's default.</param>
    /// <exception cref="LauncherException">The location is empty, a file is missing (for a read), locked, damaged, not a storage, unwritable or on a full disk, or the database cannot be used.</exception>
    public static IStorage Open(string location, bool create, TimeSpan? lockWait = null)
    {
        if (string.IsNullOrWhiteSpace(location))
            throw LauncherException.Usage($"--storage must name a file, not '{location}'");
        if (StorageLocation.IsDatabase(location))
            return StorageLocation.OpenDatabase(location, createSchema: create);
        if (!create)
            ThrowIfMissing(location, CreatedBy);
        try
        {
            var wait = lockWait ?? LiteDbStorage.DefaultLockWait;
            return create ? new LiteDbStorage(location, wait) : LiteDbStorage.OpenReadOnly(location, wait);
        }
        catch (StorageFileException e)
        {
            throw Failure(e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw LauncherException.Failure($"cannot open storage file '{location}': {e.Message} Check its permissions or pass --storage FILE.", e);
        }
    }

    /// <summary>
    /// Opens a storage to read while writers may be about to fill it (the dashboard started before the first
    /// <c>run</c>, <c>run</c>'s checks before it creates its study): a file read-only, as <see cref="Open"/> does, and a
    /// database with MetaOpt's tables created when it has none, as those writers would, so it reads as empty.
    /// </summary>
    /// <param name="location">The file or URL, as given.</param>
    /// <exception cref="LauncherException">As for <see cref="Open"/>.</exception>
    public static IStorage OpenBeforeWriters(string location) => Open(location, create: StorageLocation.IsDatabase(location));

    /// <summary>
    /// Opens an existing storage for writing (to delete, rename or copy a study, or to tell a trial): a missing file
    /// is refused, never created; a database is connected to as by <see cref="Open"/>.
    /// </summary>
    /// <param name="location">The file or URL, as given.</param>
    /// <param name="createdBy">The command that would have created a missing file, for its message.</param>
    /// <param name="lockWait">As for <see cref="Open"/>.</param>
    /// <exception cref="LauncherException">The file is missing, or as for <see cref="Open"/>.</exception>
    public static IStorage OpenExistingForWriting(string location, string createdBy = CreatedBy, TimeSpan? lockWait = null)
    {
        if (!string.IsNullOrWhiteSpace(location) && !StorageLocation.IsDatabase(location))
            ThrowIfMissing(location, createdBy);
        return Open(location, create: true, lockWait);
    }

    private const string CreatedBy = "metaopt run <study>";

    private static void ThrowIfMissing(string path, string createdBy)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
            throw LauncherException.Usage(
                $"storage file '{path}' does not exist: run '{createdBy}' to create it, or pass --storage FILE");
    }

    /// <summary>The one line (and exit code 1) for a storage that failed, at open or mid-run: what happened and what to type.</summary>
    public static LauncherException Failure(StorageFileException e) => e switch
    {
        StorageDamagedException damaged => LauncherException.Failure(
            $"the storage file {damaged.Path} is damaged ({damaged.Finding}): run 'metaopt storage recover {damaged.Path} --out NEW' " +
            "to copy what is readable into a new file", e),
        StorageFullException full => LauncherException.Failure(
            $"no space left on the device holding {full.Path}; free space and run the same command again (finished trials are kept)", e),
        StorageUnavailableException { IsReadOnly: true } unavailable => LauncherException.Failure(
            $"cannot write the storage file {unavailable.Path}: it is read-only (its permissions or its device); 'list', 'show', " +
            "'best', 'export' and 'report' can still read it, or pass --storage with a writable file", e),
        StorageUnavailableException or InvalidStorageFileException => LauncherException.Failure($"{e.Message} Pass --storage with another file.", e),
        _ => LauncherException.Failure(e.Message, e),
    };

    /// <summary>Loads a stored study for reading; the message lists the studies the storage has when it is not there.</summary>
    public static Study LoadStudy(IStorage storage, string name, string path)
    {
        RequireStudy(storage, name, path);
        return Study.Load(name, new StudyOptions { Storage = storage });
    }

    /// <summary>The stored study of that name; the message lists the studies the storage has (and the closest) when it is not there.</summary>
    public static StudyInfo RequireStudy(IStorage storage, string name, string path)
    {
        if (storage.FindStudy(name) is { } info)
            return info;
        var names = storage.GetAllStudies().Select(s => s.Name).ToList();
        throw LauncherException.Usage(names.Count == 0
            ? $"storage '{StorageLocation.Describe(path)}' has no studies yet: run 'metaopt run <study>' first"
            : $"no study '{Format.Name(name)}' in '{StorageLocation.Describe(path)}': {Suggestions.DidYouMean(name, names)}it has {Format.Names(names)}");
    }
}
