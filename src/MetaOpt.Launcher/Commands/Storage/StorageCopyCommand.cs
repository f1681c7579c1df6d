using System.CommandLine;
using MetaOpt.Launcher.Cli;

namespace MetaOpt.Launcher.Commands.Storage;

/// <summary>
/// <c>metaopt storage copy --from A --to B [--study NAME]</c>: copies studies between storages (a LiteDB file and a
/// PostgreSQL URL, either way), so a study started on a laptop continues on a cluster, or comes back; and brings
/// Optuna's studies in (<c>optuna-journal:FILE</c>, <c>optuna-sqlite:FILE</c>, <c>optuna-postgresql:URL</c>) or
/// writes MetaOpt's out as an Optuna journal (<c>optuna-journal:FILE</c>) for Python Optuna and optuna-dashboard.
/// </summary>
internal sealed class StorageCopyCommand : Command
{
    private readonly Option<string> _from = new("--from")
    {
        Description = "The storage to copy from: a LiteDB file, a postgresql:// URL, or Optuna's optuna-journal:FILE, optuna-sqlite:FILE or optuna-postgresql:URL.",
        HelpName = "file|url",
        Required = true,
    };

    private readonly Option<string> _to = new("--to")
    {
        Description = "The storage to copy into (created if it is a file that does not exist): a LiteDB file, a postgresql:// URL, " +
                      "or optuna-journal:FILE, an Optuna journal that Python Optuna and optuna-dashboard open (appended to when it exists).",
        HelpName = "file|url",
        Required = true,
    };

    private readonly Option<string> _study = new("--study")
    {
        Description = "Copy only this study; every study when not given.",
        HelpName = "NAME",
    };

    private readonly Option<string> _artifacts = new("--artifacts")
    {
        Description = "The folder the copies' kept models go to (default: FILE.artifacts beside a LiteDB --to); needed for a PostgreSQL --to when a copied study keeps models.",
        HelpName = "DIR",
    };

    public StorageCopyCommand() : base("copy", "Copy studies, with all their trials, from one storage to another, Optuna's included.")
    {
        this.WithExamples("metaopt storage copy --from studies.db --to backup.db");
        Options.Add(_from);
        Options.Add(_to);
        Options.Add(_study);
        Options.Add(_artifacts);
        SetAction(parse =>
        {
            var fromLocation = parse.GetRequiredValue(_from);
            var toLocation = parse.GetRequiredValue(_to);
            if (fromLocation == toLocation)
                throw LauncherException.Usage($"--from and --to are the same storage '{StorageLocation.Describe(fromLocation)}': give another --to");
            if (OptunaLocation.IsRdb(toLocation))
                throw LauncherException.Usage(
                    $"--to '{OptunaLocation.Describe(toLocation)}': MetaOpt reads Optuna's RDB schema but does not write it; use --to {OptunaLocation.JournalPrefix}FILE, which Optuna and optuna-dashboard open");
            var study = parse.GetValue(_study);
            var (from, names, notes) = OptunaLocation.Is(fromLocation) ? FromOptuna(fromLocation, study) : FromMetaOpt(fromLocation, study);
            using (from)
            {
                var target = OptunaLocation.Is(toLocation) ? OptunaLocation.Describe(toLocation) : StorageLocation.Describe(toLocation);
                var artifacts = parse.GetValue(_artifacts);
                if (artifacts is not null && (OptunaLocation.IsJournal(toLocation) || OptunaLocation.Is(fromLocation)))
                    throw LauncherException.Usage(OptunaLocation.IsJournal(toLocation)
                        ? $"--artifacts '{artifacts}': an Optuna journal holds no artifacts; run without it"
                        : $"--artifacts '{artifacts}': Optuna's studies keep no models to copy; run without it");
                var copied = OptunaLocation.IsJournal(toLocation)
                    ? ToOptunaJournal(from, toLocation, names)
                    : ToMetaOpt(from, OptunaLocation.Is(fromLocation) ? null : fromLocation, toLocation, names, artifacts);
                foreach (var (name, (trials, kept)) in names.Zip(copied))
                {
                    var running = trials.Count(t => t.State == TrialState.Running);
                    var note = notes.TryGetValue(name, out var stated) ? $" {char.ToUpperInvariant(stated[0])}{stated[1..]}." : "";
                    parse.InvocationConfiguration.Output.WriteLine($"Copied '{Format.Name(name)}' ({trials.Count} trials) to {target}." + note + (kept is null ? "" : $" {kept}") + (running == 0 ? ""
                        : $" {running} of them were running and are Running in the copy, without their later results: copy again once the study has finished."));
                }
                if (OptunaLocation.IsJournal(toLocation) && KeptFiles(from, fromLocation, names) is var skipped and > 0)
                    parse.InvocationConfiguration.Output.WriteLine(
                        $"The kept models ({skipped} files) were not copied: an Optuna journal holds no artifacts; they stay in the source's artifact folder.");
            }
            return ExitCodes.Ok;
        });
    }

    private static (IStorage From, List<string> Names, IReadOnlyDictionary<string, string> Notes) FromMetaOpt(string location, string? study)
    {
        var from = StorageFile.Open(location, create: false);
        var names = study is not null ? [study] : from.GetAllStudies().Select(s => s.Name).ToList();
        foreach (var missing in names.Where(n => from.FindStudy(n) is null))
            StorageFile.LoadStudy(from, missing, location);
        return (from, names, new Dictionary<string, string>());
    }

    /// <summary>
    /// An Optuna storage's studies; one that MetaOpt cannot hold whole (several objectives, constraints...) refuses
    /// the copy, naming what it has, before anything is written.
    /// </summary>
    private static (IStorage From, List<string> Names, IReadOnlyDictionary<string, string> Notes) FromOptuna(string location, string? study)
    {
        var history = OptunaLocation.Read(location);
        var names = study is not null ? [study] : history.StudyNames.ToList();
        if (study is not null && !history.StudyNames.Contains(study))
            StorageFile.RequireStudy(history.Studies, study, OptunaLocation.Describe(location));
        if (names.FirstOrDefault(history.Refused.ContainsKey) is { } refused)
        {
            var others = names.Count > 1 ? "; copy the others one by one with --study NAME" : "";
            throw LauncherException.Usage($"cannot copy study '{Format.Name(refused)}' from '{OptunaLocation.Describe(location)}': {history.Refused[refused]}; nothing was written{others}");
        }
        return (history.Studies, names, history.Notes);
    }

    /// <summary>
    /// Copies the studies, and the blobs of the trials that keep artifacts into the target's artifact folder
    /// (<c>--artifacts</c>, else beside a LiteDB file), so the copy's kept models open (<c>best --export-model</c>,
    /// <c>predict</c>). Each study's note says what was copied; a study whose blobs cannot be copied is removed again.
    /// </summary>
    private static List<(IReadOnlyList<FrozenTrial> Trials, string? Note)> ToMetaOpt(IStorage from, string? fromLocation, string location, List<string> names, string? artifacts)
    {
        using var to = StorageFile.Open(location, create: true);
        // Checked for all before any is copied, so a refused copy writes nothing.
        if (names.FirstOrDefault(n => to.FindStudy(n) is not null) is { } taken)
            throw LauncherException.Failure($"'{StorageLocation.Describe(location)}' already has a study '{taken}': delete it there or copy with --study another one");
        var sources = names.ToDictionary(n => n, n => fromLocation is null ? null : ArtifactLocation.Existing(fromLocation, from.FindStudy(n)));
        var keeping = names.Where(n => sources[n] is { } store && from.GetAllTrials(n).Any(t => t.Artifacts.Count > 0 && !store.IsReleased(t.Id))).ToList();
        var folder = ArtifactLocation.Folder(location, study: null, given: artifacts);
        if (keeping.Count > 0 && folder is null)
            throw LauncherException.Usage(
                $"study '{Format.Name(keeping[0])}' keeps trained models, and a PostgreSQL database has no folder beside it: pass --artifacts DIR, a folder its workers reach; nothing was written");
        // One folder serves one storage: its release marks are keyed by that storage's trial ids.
        if (folder is not null && keeping.FirstOrDefault(n => sources[n]!.Location == folder) is { } shared)
            throw LauncherException.Usage(
                $"--artifacts '{folder}' is the artifact folder of '{Format.Name(shared)}' in '{StorageLocation.Describe(fromLocation!)}', and a folder serves one storage: give another; nothing was written");
        var target = folder is null ? null : ArtifactLocation.Open(folder);
        // As Optuna's copy_study: the trials as read at that moment, running ones still Running in the copy.
        return names.Select(study =>
        {
            var originals = from.GetAllTrials(study);
            StudyCopy.Copy(from, to, study);
            var copies = to.GetAllTrials(study);
            if (target is null || sources[study] is not { } source || !keeping.Contains(study))
                return (copies, (string?)null);
            // A folder the source recorded, or one given, is recorded in the copy; beside a file it is found without.
            if (artifacts is not null || StorageLocation.IsDatabase(location) || from.FindStudy(study)!.UserAttrs.ContainsKey(ArtifactLocation.StudyAttr))
                to.SetStudyUserAttr(study, ArtifactLocation.StudyAttr, target.Location);
            try
            {
                var (blobs, bytes) = StudyArtifacts.CopyKept(source, target, originals, copies);
                return (copies, $"Its kept models: {blobs} files ({ValueText.Size(bytes)}) copied into '{target.Location}'.");
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                StudyArtifacts.DeleteStudy(to, target, study);
                throw LauncherException.Failure(
                    $"cannot copy the kept models of study '{Format.Name(study)}' into '{target.Location}': {Format.Reason(e)}; its copy was removed (run 'metaopt storage check' on the source)", e);
            }
        }).ToList();
    }

    /// <summary>The files the copied studies keep in the source's artifact folders (released ones not counted).</summary>
    private static int KeptFiles(IStorage from, string fromLocation, List<string> names) =>
        OptunaLocation.Is(fromLocation) ? 0 : names.Sum(n => ArtifactLocation.Existing(fromLocation, from.FindStudy(n)) is { } store
            ? from.GetAllTrials(n).Where(t => !store.IsReleased(t.Id)).Sum(t => t.Artifacts.Count)
            : 0);

    private static List<(IReadOnlyList<FrozenTrial> Trials, string? Note)> ToOptunaJournal(IStorage from, string location, List<string> names)
    {
        var path = OptunaLocation.Target(location);
        try
        {
            OptunaJournal.Write(path, from, names);
        }
        catch (InvalidOperationException e)
        {
            throw LauncherException.Failure($"{Format.Reason(e).TrimEnd('.')}: copy with --study another one, or to another file; nothing was written", e);
        }
        catch (InvalidDataException e)
        {
            throw LauncherException.Failure($"cannot append to '{location}': {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw LauncherException.Failure($"cannot write '{location}': {Format.Reason(e)}", e);
        }
        return names.Select(n => (from.GetAllTrials(n), (string?)null)).ToList();
    }
}
