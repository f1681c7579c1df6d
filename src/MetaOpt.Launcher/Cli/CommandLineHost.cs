using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using MetaOpt.Studies;

namespace MetaOpt.Launcher.Cli;

/// <summary>Parses and invokes a command line, turning every way it can go wrong into one stderr line and an exit code.</summary>
internal static class CommandLineHost
{
    /// <summary>Runs the command line; <paramref name="interruption"/> is the signal listener the commands were given.</summary>
    public static int Invoke(RootCommand root, string[] args, TextWriter output, TextWriter error, Interruption interruption)
    {
        // An error line may quote the command line, whose storage URL may hold a password.
        void Fail(string line) => error.WriteLine(StorageLocation.WithoutPasswords(line, args));
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            // One line per problem, each naming what is wrong, then where the usage is; the full help would drown it.
            // A mistyped command also leaves "Required command was not provided": the line about the word itself is enough.
            // Without a suggestion, "Required command was not provided" still only repeats the line about the word.
            var aboutWords = parseResult.Errors.Where(e => CommandSuggestion(parseResult, e).Length > 0).ToList();
            var errors = parseResult.Errors.Count > 1
                ? parseResult.Errors.Where(e => !e.Message.StartsWith("Required command was not provided", StringComparison.Ordinal)).ToList()
                : parseResult.Errors.ToList();
            foreach (var parseError in aboutWords.Count > 0 ? aboutWords : errors)
            {
                // System.CommandLine names the command whose argument is missing, not the argument.
                var message = parseError.Message.StartsWith("Required argument missing for command", StringComparison.Ordinal)
                    ? $"missing the {string.Join(" and ", parseResult.CommandResult.Command.Arguments.Select(a => $"<{a.Name}>"))} argument"
                    : parseError.Message.ReplaceLineEndings(" ");
                if (CommandSuggestion(parseResult, parseError) is { Length: > 0 } suggestion)
                    message = $"{message.TrimEnd('.')}: {suggestion.TrimEnd()}";
                Fail($"metaopt: {message} (see '{CommandPath(parseResult)} --help')");
            }
            return ExitCodes.Usage;
        }
        if (parseResult.Action is HelpAction)
            return HelpText.Write(parseResult, output, error);
        var configuration = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            EnableDefaultExceptionHandler = false,
            // SIGINT and SIGTERM are handled by Interruption, which the commands check at their safe points.
            ProcessTerminationTimeout = null,
        };
        try
        {
            return parseResult.Invoke(configuration);
        }
        catch (LauncherException e)
        {
            Fail($"metaopt: {e.Message}");
            return e.ExitCode;
        }
        catch (StudyCommandException e)
        {
            // A package's command (IStudyCommand) fails as the launcher's own do: one line, the same exit codes.
            var message = e.MessageFromCause ? Format.Reason(e.InnerException!) : Format.FirstLine(e.Message);
            var failure = e.Failure switch
            {
                StudyCommandFailure.Usage => LauncherException.Usage(message),
                StudyCommandFailure.Interrupted => interruption.Stopped(message),
                _ => LauncherException.Failure(message),
            };
            Fail($"metaopt: {failure.Message}");
            return failure.ExitCode;
        }
        catch (StorageFileException e)
        {
            // A storage failing mid-command (a full disk, damage found while reading) gets the same line as at open.
            var failure = StorageFile.Failure(e);
            Fail($"metaopt: {failure.Message}");
            return failure.ExitCode;
        }
        catch (PostgresStorageException e)
        {
            // The database failing mid-command (gone past the retries) gets the same line as at open.
            Fail($"metaopt: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException) when (interruption.Requested)
        {
            // A command without its own message for this: nothing it was doing is half-stored.
            error.WriteLine("metaopt: interrupted; nothing was left half-written: run the same command again");
            return interruption.ExitCode;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Last resort, for bugs only: everything a user can cause is a LauncherException with its own message.
            Fail($"metaopt: internal error, {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")} (please report it with the command line, its password removed)");
            return ExitCodes.Failure;
        }
    }

    /// <summary>"did you mean 'list'?" when the error is about a word that is close to one of the command's subcommands.</summary>
    private static string CommandSuggestion(ParseResult parseResult, ParseError parseError)
    {
        var subcommands = parseResult.CommandResult.Command.Subcommands.Select(c => c.Name).ToList();
        // Only the first word left over can be the mistyped command; later ones are its options.
        var token = parseResult.UnmatchedTokens.FirstOrDefault();
        return subcommands.Count == 0 || token is null || token.StartsWith('-') || !parseError.Message.Contains($"'{token}'", StringComparison.Ordinal)
            ? ""
            : Suggestions.DidYouMean(token, subcommands);
    }

    private static string CommandPath(ParseResult parseResult)
    {
        var names = new List<string>();
        for (var result = parseResult.CommandResult; result is not null; result = result.Parent as CommandResult)
            names.Add(result.Command is RootCommand ? HelpText.CommandName : result.Command.Name);
        names.Reverse();
        return string.Join(' ', names);
    }
}
