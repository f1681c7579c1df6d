namespace MetaOpt.Launcher.Cli;

/// <summary>
/// Where a study's artifacts (its trials' kept models) live: the folder <c>--artifacts</c> names, else the one the
/// study recorded when a run was given it, else, beside a LiteDB file, <c>FILE.artifacts</c>. A PostgreSQL database
/// has no folder beside it, so its studies are given one once and record it (<see cref="StudyAttr"/>).
/// </summary>
internal static class ArtifactLocation
{
    /// <summary>The study user attribute that records the artifact folder a run was given, so later workers and commands find it.</summary>
    public const string StudyAttr = "artifacts";

    /// <summary>The folder of a study's artifacts, or null when none is given, recorded or beside the storage.</summary>
    public static string? Folder(string storageLocation, StudyInfo? study, string? given)
    {
        if (given is not null)
            return Path.GetFullPath(given);
        if (study?.UserAttrs.GetValueOrDefault(StudyAttr) is string recorded)
            return recorded;
        return StorageLocation.IsDatabase(storageLocation) ? null : Path.GetFullPath(storageLocation) + ".artifacts";
    }

    /// <summary>The store of a study for a command that only reads or deletes: null when its folder does not exist, so nothing is created.</summary>
    public static IArtifactStore? Existing(string storageLocation, StudyInfo? study) =>
        Folder(storageLocation, study, given: null) is { } folder && Directory.Exists(folder) ? Open(folder) : null;

    /// <summary>The store in a folder; nothing is created until a trial keeps a file (<see cref="Prepare"/> does so for a run).</summary>
    public static IArtifactStore Open(string folder) => new LocalArtifactStore(folder);

    /// <summary>Creates a run's artifact folder, so that one that cannot be written stops the run before its first trial rather than failing every trial.</summary>
    /// <exception cref="LauncherException">The folder cannot be created or written.</exception>
    public static void Prepare(IArtifactStore store)
    {
        try
        {
            store.Lock().Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw LauncherException.Failure($"cannot write the artifact folder '{store.Location}': {Format.Reason(e)}: pass --artifacts DIR with a folder this process may write", e);
        }
    }

    /// <summary>The distinct artifact folders of a storage's studies (and the one beside a file) that exist, opened.</summary>
    public static IReadOnlyList<IArtifactStore> AllExisting(string storageLocation, IStorage storage) =>
        storage.GetAllStudies()
            .Select(s => Folder(storageLocation, s, given: null))
            .Append(StorageLocation.IsDatabase(storageLocation) ? null : Path.GetFullPath(storageLocation) + ".artifacts")
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Where(Directory.Exists)
            .Select(Open)
            .ToList();
}
