using System.CommandLine;
using MetaOpt.Launcher.Cli;

namespace MetaOpt.Launcher.Commands.Storage;

/// <summary>The storage argument of the <c>storage</c> subcommands.</summary>
internal static class StorageArguments
{
    public static Argument<string> File(string description) => new("file")
    {
        Description = description,
        HelpName = "file",
    };

    /// <summary>The path of a LiteDB file that exists, or a usage error (exit 2) naming what is there instead.</summary>
    /// <param name="path">The argument as given.</param>
    /// <param name="verb">The subcommand, for the message about a database URL.</param>
    public static string ExistingFile(string path, string verb) =>
        string.IsNullOrWhiteSpace(path) ? throw LauncherException.Usage($"the storage file must be named, not '{path}'")
        : StorageLocation.IsDatabase(path) ? throw LauncherException.Usage(
            $"'storage {verb}' works on a LiteDB file, and '{StorageLocation.Describe(path)}' is a PostgreSQL database: " +
            "use 'metaopt storage check URL' to check it, or 'metaopt storage copy --from URL --to FILE' to copy its studies")
        : !System.IO.File.Exists(path) && !Directory.Exists(path) ? throw LauncherException.Usage($"storage file '{path}' does not exist")
        : path;
}
