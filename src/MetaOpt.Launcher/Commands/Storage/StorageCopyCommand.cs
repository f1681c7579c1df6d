using System.CommandLine;
using MetaOpt.Launcher.Cli;

namespace MetaOpt.Launcher.Commands.Storage;

/// <summary>
/// <c>metaopt storage copy --from A --to B [--study NAME]</c>: copies studies between storages (a LiteDB file and a
/// PostgreSQL URL, either way), so a study started on a laptop continues on a cluster, or comes back.
/// </summary>
internal sealed class StorageCopyCommand : Command
{
    private readonly Option<string> _from = new("--from")
    {
        Description = "The storage to copy from: a LiteDB file or a postgresql:// URL.",
        HelpName = "file|url",
        Required = true,
    };

    private readonly Option<string> _to = new("--to")
    {
        Description = "The storage to copy into (created if it is a file that does not exist).",
        HelpName = "file|url",
        Required = true,
    };

    private readonly Option<string> _study = new("--study")
    {
        Description = "Copy only this study; every study when not given.",
        HelpName = "NAME",
    };

    public StorageCopyCommand() : base("copy", "Copy studies, with all their trials, from one storage to another.")
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
            using var from = StorageFile.Open(fromLocation, create: false);
            var names = parse.GetValue(_study) is { } name ? [name] : from.GetAllStudies().Select(s => s.Name).ToList();
            foreach (var missing in names.Where(n => from.FindStudy(n) is null))
                StorageFile.LoadStudy(from, missing, fromLocation);
            using var to = StorageFile.Open(toLocation, create: true);
            // Checked for all before any is copied, so a refused copy writes nothing.
            if (names.FirstOrDefault(n => to.FindStudy(n) is not null) is { } taken)
                throw LauncherException.Failure($"'{StorageLocation.Describe(toLocation)}' already has a study '{taken}': delete it there or copy with --study another one");
            var target = StorageLocation.Describe(toLocation);
            foreach (var study in names)
            {
                // As Optuna's copy_study: the trials as read at that moment, running ones still Running in the copy.
                StudyCopy.Copy(from, to, study);
                var copied = to.GetAllTrials(study);
                var running = copied.Count(t => t.State == TrialState.Running);
                parse.InvocationConfiguration.Output.WriteLine($"Copied '{Format.Name(study)}' ({copied.Count} trials) to {target}." + (running == 0 ? ""
                    : $" {running} of them were running and are Running in the copy, without their later results: copy again once the study has finished."));
            }
            return ExitCodes.Ok;
        });
    }
}
