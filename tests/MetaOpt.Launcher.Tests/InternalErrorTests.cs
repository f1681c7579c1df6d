using System.CommandLine;
using MetaOpt.Launcher.Cli;

namespace MetaOpt.Launcher.Tests;

/// <summary>
/// The last-resort "internal error" line: it may quote the command line's storage, never its password; and a
/// database failure is not one.
/// </summary>
public sealed class InternalErrorTests
{
    private const string Url = "postgresql://metaopt:s3cret-pw@db.invalid/studies";

    [Fact]
    public void ADatabaseThatFailsInTheMiddleOfACommandGetsItsOwnLine()
    {
        var (exitCode, error) = Invoke(_ => throw new PostgresStorageException("the PostgreSQL database 'studies' at db.invalid:5432 did not answer for 60 s (35 attempts): Connection refused"));

        Assert.Equal(ExitCodes.Failure, exitCode);
        Assert.Equal("metaopt: the PostgreSQL database 'studies' at db.invalid:5432 did not answer for 60 s (35 attempts): Connection refused", error);
    }

    [Theory]
    [InlineData("--storage", Url)]
    [InlineData("--storage=" + Url)]
    public void AnInternalErrorShowsADatabaseUrlOfTheCommandLineWithoutItsPassword(params string[] storageWords)
    {
        var (exitCode, error) = Invoke(storage => throw new InvalidOperationException($"cannot use '{storage}'"), storageWords);

        Assert.Equal(ExitCodes.Failure, exitCode);
        Assert.Equal(
            "metaopt: internal error, InvalidOperationException: cannot use 'postgresql://metaopt:***@db.invalid/studies' " +
            "(please report it with the command line, its password removed)",
            error);
    }

    /// <summary>Runs a command 'boom' whose action is <paramref name="action"/>, given its --storage value.</summary>
    private static (int ExitCode, string Error) Invoke(Func<string?, int> action, params string[] storageWords)
    {
        var storage = new Option<string>("--storage");
        var boom = new Command("boom") { storage };
        boom.SetAction(new Func<ParseResult, int>(parse => action(parse.GetValue(storage))));
        var error = new StringWriter();
        using var interruption = new Interruption();
        var exitCode = CommandLineHost.Invoke(new RootCommand { boom }, ["boom", .. storageWords], new StringWriter(), error, interruption);
        return (exitCode, error.ToString().TrimEnd());
    }
}
