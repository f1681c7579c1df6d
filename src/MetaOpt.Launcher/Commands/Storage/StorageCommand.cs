using System.CommandLine;

namespace MetaOpt.Launcher.Commands.Storage;

/// <summary><c>metaopt storage ...</c>: work on a storage as a whole.</summary>
internal sealed class StorageCommand : Command
{
    public StorageCommand() : base("storage", "Work on a storage as a whole: copy studies between a LiteDB file and PostgreSQL.")
    {
        Subcommands.Add(new StorageCopyCommand());
    }
}
