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

    public StorageCopyCommand() : base("copy", "Copy studies, with all their trials, from one storage to another, Optuna's included.")
    {
        this.WithExamples("metaopt storage copy --from studies.db --to backup.db");
        Options.Add(_from);
        Options.Add(_to);
        Options.Add(_study);
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
                var copied = OptunaLocation.IsJournal(toLocation)
                    ? ToOptunaJournal(from, toLocation, names)
                    : ToMetaOpt(from, toLocation, names);
                foreach (var (name, trials) in names.Zip(copied))
                {
                    var running = trials.Count(t => t.State == TrialState.Running);
                    var note = notes.TryGetValue(name, out var kept) ? $" {char.ToUpperInvariant(kept[0])}{kept[1..]}." : "";
                    parse.InvocationConfiguration.Output.WriteLine($"Copied '{Format.Name(name)}' ({trials.Count} trials) to {target}." + note + (running == 0 ? ""
                        : $" {running} of them were running and are Running in the copy, without their later results: copy again once the study has finished."));
                }
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

    private static List<IReadOnlyList<FrozenTrial>> ToMetaOpt(IStorage from, string location, List<string> names)
    {
        using var to = StorageFile.Open(location, create: true);
        // Checked for all before any is copied, so a refused copy writes nothing.
        if (names.FirstOrDefault(n => to.FindStudy(n) is not null) is { } taken)
            throw LauncherException.Failure($"'{StorageLocation.Describe(location)}' already has a study '{taken}': delete it there or copy with --study another one");
        // As Optuna's copy_study: the trials as read at that moment, running ones still Running in the copy.
        return names.Select(study =>
        {
            StudyCopy.Copy(from, to, study);
            return to.GetAllTrials(study);
        }).ToList();
    }

    private static List<IReadOnlyList<FrozenTrial>> ToOptunaJournal(IStorage from, string location, List<string> names)
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
        return names.Select(n => from.GetAllTrials(n)).ToList();
    }
}
