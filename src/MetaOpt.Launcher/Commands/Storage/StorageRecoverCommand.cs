using System.CommandLine;
using MetaOpt.Launcher.Cli;

namespace MetaOpt.Launcher.Commands.Storage;

/// <summary><c>metaopt storage recover FILE --out NEW</c>: copies every readable study and trial into a new file.</summary>
internal sealed class StorageRecoverCommand : Command
{
    private readonly Argument<string> _file = StorageArguments.File("The damaged storage file; it is only read.");

    private readonly Option<string> _out = new("--out")
    {
        Description = "The new storage file to write; it must not exist.",
        HelpName = "new-file",
        Required = true,
    };

    public StorageRecoverCommand() : base("recover", "Copy every readable study and trial of a storage file into a new file, never changing the original.")
    {
        this.WithExamples("metaopt storage recover studies.db --out recovered.db");
        Arguments.Add(_file);
        Options.Add(_out);
        SetAction(parse =>
        {
            var path = StorageArguments.ExistingFile(parse.GetRequiredValue(_file), "recover");
            var newPath = parse.GetRequiredValue(_out);
            if (string.IsNullOrWhiteSpace(newPath))
                throw LauncherException.Usage($"--out must name a new file, not '{newPath}'");
            if (File.Exists(newPath) || Directory.Exists(newPath))
                throw LauncherException.Usage($"--out '{newPath}' already exists: give a new file name (recover never overwrites a file)");
            StorageRecoveryResult result;
            try
            {
                result = LiteDbStorage.Recover(path, newPath);
            }
            catch (StorageFileException e)
            {
                throw StorageFile.Failure(e);
            }
            var output = Terminal.For(parse).Output;
            foreach (var problem in result.Problems)
                output.WriteLine($"  - {problem}");
            // Pages cut off the end leave no trace: what they held is counted only where a surviving index lists it.
            var atLeast = result.PagesMissing > 0 ? "at least " : "";
            output.WriteLine(
                $"Copied {result.StudiesCopied} studies and {result.TrialsCopied} trials from {path} into {newPath}; " +
                $"lost {atLeast}{result.StudiesLost} studies and {atLeast}{result.TrialsLost} trials. {path} was not changed.");
            return ExitCodes.Ok;
        });
    }
}
