using System.CommandLine;
using MetaOpt.Launcher.Cli;

namespace MetaOpt.Launcher.Commands.StoredStudy;

/// <summary><c>metaopt study</c>: changes to the stored studies themselves (delete, rename, copy).</summary>
internal sealed class StudyCommand : Command
{
    public StudyCommand() : base("study", "Delete, rename or copy a study stored in a storage file.")
    {
        this.WithExamples("metaopt study rename functions-branin branin-tpe");
        Subcommands.Add(new StudyDeleteCommand());
        Subcommands.Add(new StudyCopyCommand(rename: true));
        Subcommands.Add(new StudyCopyCommand(rename: false));
    }
}
