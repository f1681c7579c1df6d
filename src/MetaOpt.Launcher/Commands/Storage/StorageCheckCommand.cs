using System.CommandLine;
using MetaOpt.Launcher.Cli;

namespace MetaOpt.Launcher.Commands.Storage;

/// <summary>
/// <c>metaopt storage check FILE|URL</c>: reads every study and trial without writing; exit 0 when sound, 1 when
/// damaged. A LiteDB file is read down to its pages; a PostgreSQL database through its rows.
/// </summary>
internal sealed class StorageCheckCommand : Command
{
    private readonly Argument<string> _file = StorageArguments.File("The storage file to check (it is only read), or a postgresql:// URL.");

    public StorageCheckCommand() : base("check", "Read a whole storage file or database, without writing it, and say whether it is sound (exit 0) or damaged (exit 1).")
    {
        this.WithExamples("metaopt storage check studies.db");
        Arguments.Add(_file);
        SetAction(parse =>
        {
            var location = parse.GetRequiredValue(_file);
            var database = StorageLocation.IsDatabase(location);
            var result = database ? CheckDatabase(location) : CheckFile(StorageArguments.ExistingFile(location, "check"));
            var terminal = Terminal.For(parse);
            var shown = StorageLocation.Describe(location);
            if (result.IsSound)
            {
                var schema = database ? $" (schema version {PostgresStorage.SchemaVersion})" : "";
                terminal.Output.WriteLine($"{shown} is sound{schema}: {result.Studies} studies, {result.Trials} trials.");
                return CheckArtifacts(location, terminal) ? ExitCodes.Ok : ExitCodes.Failure;
            }
            terminal.Output.WriteLine($"{shown} is damaged; {result.Studies} studies and {result.Trials} trials can still be read:");
            foreach (var problem in result.Problems)
                terminal.Output.WriteLine($"  - {problem}");
            terminal.Error.WriteLine(database
                ? $"metaopt: {shown} has inconsistent studies: copy the sound ones out with 'metaopt storage copy --from URL --to FILE --study NAME'"
                : $"metaopt: {shown} is damaged: run 'metaopt storage recover {shown} --out NEW' to copy what is readable into a new file");
            return ExitCodes.Failure;
        });
    }

    /// <summary>
    /// Compares every artifact folder of the storage's studies with what their trials recorded: orphan blobs are
    /// reported (wasted space), missing or damaged files make the check fail. Reads only.
    /// </summary>
    private static bool CheckArtifacts(string location, Terminal terminal)
    {
        using var storage = StorageFile.Open(location, create: false);
        var sound = true;
        foreach (var store in ArtifactLocation.AllExisting(location, storage))
        {
            var check = StudyArtifacts.Check(storage, store);
            var orphans = check.Orphans.Count == 0 ? "no orphan blobs" : $"{check.Orphans.Count} orphan blobs that no trial references ({string.Join(", ", check.Orphans.Take(3).Select(h => h[..12]))}{(check.Orphans.Count > 3 ? ", ..." : "")})";
            if (check.IsSound)
            {
                terminal.Output.WriteLine($"Artifacts in {store.Location}: {check.Artifacts} kept, all present; {orphans}.");
                continue;
            }
            sound = false;
            terminal.Output.WriteLine($"Artifacts in {store.Location}: {check.Artifacts} kept, {check.Problems.Count} missing or damaged; {orphans}:");
            foreach (var problem in check.Problems)
                terminal.Output.WriteLine($"  - {problem}");
        }
        if (!sound)
            terminal.Error.WriteLine("metaopt: some kept artifacts are missing or damaged: their trials can no longer be exported");
        return sound;
    }

    private static StorageCheckResult CheckFile(string path)
    {
        try
        {
            return LiteDbStorage.Check(path);
        }
        catch (StorageFileException e)
        {
            throw StorageFile.Failure(e);
        }
    }

    /// <summary>
    /// Connecting checks the schema without writing (no MetaOpt tables, an older or a newer version is refused); then every study's trials must
    /// read back, numbered from 0 without a gap or a repeat, each complete one with a value, as a file's must.
    /// </summary>
    private static StorageCheckResult CheckDatabase(string url)
    {
        // A check writes nothing: a database without MetaOpt's tables (a mistyped name) is not given them.
        using var storage = StorageLocation.OpenDatabase(url, createSchema: false);
        var problems = new List<string>();
        var studies = 0;
        var trials = 0;
        try
        {
            foreach (var study in storage.GetAllStudies())
            {
                IReadOnlyList<FrozenTrial> read;
                try
                {
                    read = storage.GetAllTrials(study.Name);
                }
                catch (Exception e) when (e is not PostgresStorageException and not OutOfMemoryException)
                {
                    problems.Add($"the trials of study '{Format.Name(study.Name)}' cannot be read: {Format.Reason(e)}");
                    continue;
                }
                studies++;
                trials += read.Count;
                if (TrialNumbering.Problem(read.Select(t => t.Number)) is { } numbering)
                    problems.Add($"study '{Format.Name(study.Name)}' has {numbering}");
                foreach (var trial in read.Where(t => t.State == TrialState.Complete && t.Value is null))
                    problems.Add($"trial {trial.Number} of study '{Format.Name(study.Name)}' is complete without a value");
            }
        }
        catch (PostgresStorageException e)
        {
            throw LauncherException.Failure(e.Message, e);
        }
        return new StorageCheckResult(StorageLocation.Describe(url), studies, trials, problems);
    }
}
