using System.CommandLine;
using MetaOpt.Launcher.Cli;

namespace MetaOpt.Launcher.Commands.Storage;

/// <summary><c>metaopt storage check FILE</c>: reads the whole file without writing; exit 0 when sound, 1 when damaged.</summary>
internal sealed class StorageCheckCommand : Command
{
    private readonly Argument<string> _file = StorageArguments.File("The storage file to check; it is only read.");

    public StorageCheckCommand() : base("check", "Read a whole storage file, without writing it, and say whether it is sound (exit 0) or damaged (exit 1).")
    {
        this.WithExamples("metaopt storage check studies.db");
        Arguments.Add(_file);
        SetAction(parse =>
        {
            var path = StorageArguments.Existing(parse.GetRequiredValue(_file));
            StorageCheckResult result;
            try
            {
                result = LiteDbStorage.Check(path);
            }
            catch (StorageFileException e)
            {
                throw StorageFile.Failure(e);
            }
            var terminal = Terminal.For(parse);
            if (result.IsSound)
            {
                terminal.Output.WriteLine($"{path} is sound: {result.Studies} studies, {result.Trials} trials.");
                return ExitCodes.Ok;
            }
            terminal.Output.WriteLine($"{path} is damaged; {result.Studies} studies and {result.Trials} trials can still be read:");
            foreach (var problem in result.Problems)
                terminal.Output.WriteLine($"  - {problem}");
            terminal.Error.WriteLine($"metaopt: {path} is damaged: run 'metaopt storage recover {path} --out NEW' to copy what is readable into a new file");
            return ExitCodes.Failure;
        });
    }
}
