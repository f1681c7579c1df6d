using System.CommandLine;
using MetaOpt.Launcher.Cli;

namespace MetaOpt.Launcher.Commands.Storage;

/// <summary>The storage-file argument of the <c>storage</c> subcommands.</summary>
internal static class StorageArguments
{
    public static Argument<string> File(string description) => new("file")
    {
        Description = description,
        HelpName = "file",
    };

    /// <summary>The path, or a usage error (exit 2) when nothing is there to read.</summary>
    public static string Existing(string path) =>
        string.IsNullOrWhiteSpace(path) ? throw LauncherException.Usage($"the storage file must be named, not '{path}'")
        : !System.IO.File.Exists(path) && !Directory.Exists(path) ? throw LauncherException.Usage($"storage file '{path}' does not exist")
        : path;
}
