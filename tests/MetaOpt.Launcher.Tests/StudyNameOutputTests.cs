using MetaOpt.Launcher.Cli;
using MetaOpt.Launcher.Commands.Report;

namespace MetaOpt.Launcher.Tests;

/// <summary>Names read back from a storage file are printed escaped and never steer where a report is written.</summary>
public sealed class StudyNameOutputTests
{
    [Theory]
    [InlineData("plain-name", "plain-name")]
    [InlineData("two\nlines", "two\\u000Alines")]
    [InlineData("\u001b[31mred", "\\u001B[31mred")]
    [InlineData("right\u202Eto-left", "right\\u202Eto-left")]
    public void ControlCharactersInNamesArePrintedAsEscapes(string name, string printed)
    {
        Assert.Equal(printed, Format.Name(name));
    }

    [Theory]
    [InlineData("../../x")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("/etc")]
    public void ANameThatWouldLeaveTheReportsFolderIsRefused(string name)
    {
        var error = Assert.Throws<LauncherException>(() => ReportWriter.DefaultDirectory("/tmp/s.db", name));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Contains("pass --out DIR", error.Message);
    }

    [Fact]
    public void AnOrdinaryNameGetsItsFolderInsideReports()
    {
        Assert.Equal("/tmp/reports/functions-branin", ReportWriter.DefaultDirectory("/tmp/s.db", "functions-branin"));
    }

    [Fact]
    public void ExportToAFolderThatDoesNotExistIsOneLine()
    {
        using var directory = new TemporaryDirectory();
        var storage = directory.File("s.db");
        Assert.Equal(0, Launcher.Run("run", "functions-branin", "--trials", "2", "--storage", storage).ExitCode);
        var target = directory.File("missing/out.csv");

        var outcome = Launcher.Run("export", "functions-branin", "--storage", storage, "--format", "csv", "--out", target);

        Assert.Equal(1, outcome.ExitCode);
        Assert.StartsWith($"metaopt: cannot write '{target}': ", Assert.Single(outcome.ErrorLines));
        Assert.Equal(["s.db"], Directory.GetFileSystemEntries(directory.Path).Select(Path.GetFileName).Where(n => !n!.EndsWith(".lock", StringComparison.Ordinal)));
    }
}
