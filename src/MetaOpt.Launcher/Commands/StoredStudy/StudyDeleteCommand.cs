using System.CommandLine;
using MetaOpt.Launcher.Cli;

namespace MetaOpt.Launcher.Commands.StoredStudy;

/// <summary><c>metaopt study delete &lt;study&gt;</c>: deletes a stored study and its trials, after a confirmation.</summary>
internal sealed class StudyDeleteCommand : Command
{
    private readonly Argument<string> _study = CommonOptions.StoredStudy();
    private readonly Option<string> _storage = CommonOptions.Storage();

    private readonly Option<bool> _yes = new("--yes")
    {
        Description = "Delete without asking; needed when no one is at the terminal to answer.",
    };

    public StudyDeleteCommand() : base("delete", "Delete a stored study, all its trials and their kept models; it cannot be undone.")
    {
        this.WithExamples("metaopt study delete branin-old --yes");
        Arguments.Add(_study);
        Options.Add(_storage);
        Options.Add(_yes);
        SetAction(parse =>
        {
            var path = parse.GetRequiredValue(_storage);
            var name = parse.GetRequiredValue(_study);
            using var storage = StorageFile.OpenExistingForWriting(path);
            StorageFile.RequireStudy(storage, name, path);
            var trials = storage.GetAllTrials(name).Count;
            var shown = StorageLocation.Describe(path);
            var terminal = Terminal.For(parse);
            if (!parse.GetValue(_yes))
            {
                // A script must say --yes: a prompt it cannot answer would hang or read stray input.
                if (!terminal.Interactive || Console.IsInputRedirected)
                    throw LauncherException.Usage($"deleting study '{Format.Name(name)}' ({trials} trials) cannot be undone: pass --yes to confirm");
                terminal.Output.Write($"Delete study '{Format.Name(name)}' and its {trials} trials from '{shown}'? [y/N] ");
                if (Console.ReadLine()?.Trim().ToLowerInvariant() is not ("y" or "yes"))
                {
                    terminal.Output.WriteLine("Nothing deleted.");
                    return ExitCodes.Ok;
                }
            }
            // Its kept models go with it; blobs another study shares stay.
            StudyArtifacts.DeleteStudy(storage, ArtifactLocation.Existing(path, storage.FindStudy(name)), name);
            terminal.Output.WriteLine($"Deleted study '{Format.Name(name)}' ({trials} trials) from '{shown}'.");
            return ExitCodes.Ok;
        });
    }
}
