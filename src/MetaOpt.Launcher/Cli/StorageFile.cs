namespace MetaOpt.Launcher.Cli;

/// <summary>Opens the LiteDB storage file a command names, turning every way that fails into one actionable line.</summary>
internal static class StorageFile
{
    /// <summary>
    /// Opens a storage file: for writing when <paramref name="create"/> is true (creating it when absent; what
    /// <c>run</c> does), otherwise read-only, which never changes the file (what every read command does).
    /// </summary>
    /// <exception cref="LauncherException">The path is empty or missing (for a read), or the file is locked, damaged, not a storage, unwritable, or its disk is full.</exception>
    public static IStorage Open(string path, bool create)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw LauncherException.Usage($"--storage must name a file, not '{path}'");
        if (StorageLocation.IsDatabase(path))
            return StorageLocation.OpenDatabase(path);
        if (!create)
            ThrowIfMissing(path);
        try
        {
            return create ? new LiteDbStorage(path) : LiteDbStorage.OpenReadOnly(path);
        }
        catch (StorageFileException e)
        {
            throw Failure(e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw LauncherException.Failure($"cannot open storage file '{path}': {e.Message} Check its permissions or pass --storage FILE.", e);
        }
    }

    /// <summary>Opens an existing storage file for writing (to delete, rename or copy a study): a missing file is refused, never created.</summary>
    /// <exception cref="LauncherException">The file is missing, or as for <see cref="Open"/>.</exception>
    public static LiteDbStorage OpenExistingForWriting(string path)
    {
        if (!string.IsNullOrWhiteSpace(path))
            ThrowIfMissing(path);
        return (LiteDbStorage)Open(path, create: true);
    }

    private static void ThrowIfMissing(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
            throw LauncherException.Usage(
                $"storage file '{path}' does not exist: run 'metaopt run <study>' to create it, or pass --storage FILE");
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
