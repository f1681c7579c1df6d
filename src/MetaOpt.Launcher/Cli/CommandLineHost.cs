using System.CommandLine;
using System.CommandLine.Invocation;

namespace MetaOpt.Launcher.Cli;

/// <summary>Parses and invokes a command line, turning every way it can go wrong into one stderr line and an exit code.</summary>
internal static class CommandLineHost
{
    public static int Invoke(RootCommand root, string[] args, TextWriter output, TextWriter error)
    {
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            // One line per problem, each naming what is wrong, then where the usage is; the full help would drown it.
            foreach (var parseError in parseResult.Errors)
                error.WriteLine($"metaopt: {parseError.Message.ReplaceLineEndings(" ")} (see '{CommandPath(parseResult)} --help')");
            return ExitCodes.Usage;
        }
        var configuration = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            EnableDefaultExceptionHandler = false,
            // Ctrl+C is handled by the study itself (it fails running trials cleanly and returns); no forced exit.
            ProcessTerminationTimeout = null,
        };
        try
        {
            return parseResult.Invoke(configuration);
        }
        catch (LauncherException e)
        {
            error.WriteLine($"metaopt: {e.Message}");
            return e.ExitCode;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            error.WriteLine($"metaopt: unexpected {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")} (please report it with the command line)");
            return ExitCodes.Failure;
        }
    }

    private static string CommandPath(ParseResult parseResult)
    {
        var names = new List<string>();
        for (var result = parseResult.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
            names.Add(result.Command is RootCommand ? "metaopt" : result.Command.Name);
        names.Reverse();
        return string.Join(' ', names);
    }
}
