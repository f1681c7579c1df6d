using System.CommandLine;
using MetaOpt.Launcher.Cli;

namespace MetaOpt.Launcher.Commands.Storage;

/// <summary><c>metaopt storage</c>: looks after storage files themselves (check, recover, copy).</summary>
internal sealed class StorageCommand : Command
{
    public StorageCommand() : base("storage", "Check a storage file for damage, copy what is readable into a new file, or copy studies between storages.")
    {
        this.WithExamples("metaopt storage check studies.db");
        Subcommands.Add(new StorageCheckCommand());
        Subcommands.Add(new StorageRecoverCommand());
        Subcommands.Add(new StorageCopyCommand());
    }
}
