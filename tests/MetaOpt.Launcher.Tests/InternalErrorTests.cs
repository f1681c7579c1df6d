using System.CommandLine;
using MetaOpt.Launcher.Cli;

namespace MetaOpt.Launcher.Tests;

/// <summary>The last-resort "internal error" line: it may quote the command line's storage, never its password.</summary>
public sealed class InternalErrorTests
{
    private const string Url = "postgresql://metaopt:s3cret-pw@db.invalid/studies";

    [Theory]
    [InlineData("--storage", Url)]
    [InlineData("--storage=" + Url)]
    public void An_internal_error_shows_a_database_url_of_the_command_line_without_its_password(params string[] storageWords)
    {
        var storage = new Option<string>("--storage");
        var boom = new Command("boom") { storage };
        boom.SetAction(new Func<ParseResult, int>(parse => throw new InvalidOperationException($"cannot use '{parse.GetValue(storage)}'")));
        var error = new StringWriter();
        using var interruption = new Interruption();

        var exitCode = CommandLineHost.Invoke(new RootCommand { boom }, ["boom", .. storageWords], new StringWriter(), error, interruption);

        Assert.Equal(ExitCodes.Failure, exitCode);
        Assert.Equal(
            "metaopt: internal error, InvalidOperationException: cannot use 'postgresql://metaopt:***@db.invalid/studies' " +
            "(please report it with the command line, its password removed)",
            error.ToString().TrimEnd());
    }
}
