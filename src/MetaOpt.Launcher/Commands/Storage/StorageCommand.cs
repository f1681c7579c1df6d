using System.CommandLine;
using MetaOpt.Launcher.Cli;

namespace MetaOpt.Launcher.Commands.Storage;

/// <summary><c>metaopt storage</c>: looks after storage files themselves (check, recover).</summary>
internal sealed class StorageCommand : Command
{
    public StorageCommand() : base("storage", "Check a storage file for damage, or copy what is readable into a new file.")
    {
        this.WithExamples("metaopt storage check studies.db");
        Subcommands.Add(new StorageCheckCommand());
        Subcommands.Add(new StorageRecoverCommand());
    }
}
