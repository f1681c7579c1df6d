using System.CommandLine;
using System.Runtime.CompilerServices;

namespace MetaOpt.Launcher.Cli;

/// <summary>The example command lines a command's <c>--help</c> ends with.</summary>
internal static class HelpExamples
{
    private static readonly ConditionalWeakTable<Command, string[]> Examples = new();

    /// <summary>Gives the command its examples, each a full command line starting with <c>metaopt</c>.</summary>
    public static TCommand WithExamples<TCommand>(this TCommand command, params string[] examples) where TCommand : Command
    {
        Examples.AddOrUpdate(command, examples);
        return command;
    }

    /// <summary>The command's examples; none when it was given none.</summary>
    public static IReadOnlyList<string> Of(Command command) => Examples.TryGetValue(command, out var examples) ? examples : [];
}
