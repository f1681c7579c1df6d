namespace MetaOpt.Launcher.Cli;

/// <summary>Opens the LiteDB storage file a command names, turning every way that fails into one actionable line.</summary>
internal static class StorageFile
{
    /// <summary>Opens a storage file, creating it when <paramref name="create"/> is true and it does not exist.</summary>
    /// <exception cref="LauncherException">The file is missing (and may not be created), locked, or not a MetaOpt storage.</exception>
    public static IStorage Open(string path, bool create)
    {
        if (StorageLocation.IsDatabase(path))
            return StorageLocation.OpenDatabase(path);
        if (!create && !File.Exists(path))
            throw LauncherException.Usage(
                $"storage file '{path}' does not exist: run 'metaopt run <study>' to create it, or pass --storage FILE");
        try
        {
            return new LiteDbStorage(path);
        }
        catch (StorageLockedException e)
        {
            throw LauncherException.Failure(e.Message, e);
        }
        catch (InvalidStorageFileException e)
        {
            throw LauncherException.Failure(e.Message, e);
        }
        catch (StorageUnavailableException e)
        {
            throw LauncherException.Failure(e.Message, e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw LauncherException.Failure($"cannot open storage file '{path}': {e.Message} Check its permissions or pass --storage FILE.", e);
        }
    }

    /// <summary>Loads a stored study for reading; the message lists the studies the storage has when it is not there.</summary>
    public static Study LoadStudy(IStorage storage, string name, string path)
    {
        if (storage.FindStudy(name) is null)
        {
            var names = storage.GetAllStudies().Select(s => s.Name).ToList();
            throw LauncherException.Usage(names.Count == 0
                ? $"storage '{StorageLocation.Describe(path)}' has no studies yet: run 'metaopt run <study>' first"
                : $"no study '{name}' in '{StorageLocation.Describe(path)}': it has {string.Join(", ", names)}");
        }
        return Study.Load(name, new StudyOptions { Storage = storage });
    }
}
