using System.CommandLine;

namespace MetaOpt.Launcher.Cli;

/// <summary>
/// Writes a command's <c>--help</c>: System.CommandLine's own text, with the usage naming <c>metaopt</c> (the root
/// command takes the assembly's name, MetaOpt.Launcher, and cannot be renamed) and the command's examples at the end.
/// </summary>
internal static class HelpText
{
    public const string CommandName = "metaopt";

    /// <summary>Writes the help that <paramref name="parseResult"/> asks for to <paramref name="output"/>.</summary>
    public static int Write(ParseResult parseResult, TextWriter output, TextWriter error)
    {
        var text = new StringWriter();
        var exitCode = parseResult.Invoke(new InvocationConfiguration { Output = text, Error = error });
        var rootName = parseResult.RootCommandResult.Command.Name;
        foreach (var line in text.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'))
            output.WriteLine(line.StartsWith($"  {rootName}", StringComparison.Ordinal) ? $"  {CommandName}{line[(rootName.Length + 2)..]}" : line);
        var examples = HelpExamples.Of(parseResult.CommandResult.Command);
        if (examples.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Examples:");
            foreach (var example in examples)
                output.WriteLine($"  {example}");
        }
        output.WriteLine();
        return exitCode;
    }
}
