using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace MetaOpt.Launcher.Tests;

/// <summary><c>metaopt dashboard</c>: refuses bad addresses and missing files, serves a stored study, stops on signals.</summary>
public sealed class DashboardCommandTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void AHostNameIsRefusedNamingTheAllowedForms()
    {
        var outcome = Launcher.Run("dashboard", "--storage", _directory.File("s.db"), "--host", "example.com");

        Assert.Equal(2, outcome.ExitCode);
        var line = Assert.Single(outcome.ErrorLines);
        Assert.Contains("--host must be an IP address", line);
        Assert.Contains("not 'example.com'", line);
    }

    [Fact]
    public void RunServesTheDashboardOfTheStudyItHoldsWhileItRuns()
    {
        var path = _directory.File("s.db");

        var outcome = Launcher.Run("run", "functions-branin", "--trials", "3", "--storage", path, "--dashboard", "0");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains(outcome.Output.Split('\n'), line => line.StartsWith("Dashboard of the running study at http://127.0.0.1:", StringComparison.Ordinal));
    }

    [Fact]
    public void RunRefusesADashboardPortThatIsNotOne()
    {
        var path = _directory.File("s.db");

        var outcome = Launcher.Run("run", "functions-branin", "--storage", path, "--dashboard", "http");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("invalid --dashboard 'http': use a port from 0 to 65535", Assert.Single(outcome.ErrorLines));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void APortOutOfRangeIsRefused()
    {
        var outcome = Launcher.Run("dashboard", "--storage", _directory.File("s.db"), "--port", "70000");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--port must be from 0 to 65535, not 70000", Assert.Single(outcome.ErrorLines));
    }

    [Fact]
    public void AMissingStorageFileIsNamedAndNotCreated()
    {
        var path = _directory.File("none.db");

        var outcome = Launcher.Run("dashboard", "--storage", path, "--port", "0");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains($"storage file '{path}' does not exist", Assert.Single(outcome.ErrorLines));
        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public async Task ServesTheStoredStudiesUntilASignalStopsIt(string signal, int exitCode)
    {
        var storage = _directory.File("studies.db");
        Assert.Equal(0, Launcher.Run("run", "functions-branin", "--trials", "5", "--storage", storage, "--sampler", "random").ExitCode);
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "MetaOpt.Launcher"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "dashboard", "--storage", storage, "--port", "0" })
            start.ArgumentList.Add(argument);
        using var child = Process.Start(start)!;
        try
        {
            var line = await child.StandardOutput.ReadLineAsync();
            Assert.NotNull(line);
            var url = line.Split(' ').Single(word => word.StartsWith("http://127.0.0.1:", StringComparison.Ordinal));
            using var http = new HttpClient();
            var studies = JsonNode.Parse(await http.GetStringAsync(new Uri(new Uri(url), "/api/studies")))!.AsArray();

            var study = Assert.Single(studies)!;
            Assert.Equal("functions-branin", (string)study["name"]!);
            Assert.Equal(5, (int)study["counts"]!["complete"]!);
        }
        finally
        {
            using (var kill = Process.Start("kill", ["-" + signal, child.Id.ToString(CultureInfo.InvariantCulture)]))
                kill.WaitForExit();
            Assert.True(child.WaitForExit(TimeSpan.FromSeconds(30)), $"the dashboard did not stop after SIG{signal}");
        }
        Assert.Equal(exitCode, child.ExitCode);
        Assert.Equal("", await child.StandardError.ReadToEndAsync());
    }
}
