using System.Diagnostics;
using System.IO.Compression;

namespace MetaOpt.Launcher.Tests;

/// <summary>
/// The <c>metaopt</c> tool package as a user gets it: packed from the launcher these tests were built with, installed
/// offline from a folder with <c>dotnet tool install</c>, and run. It must carry no LibTorch.
/// </summary>
public sealed class ToolPackageTests : IDisposable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    /// <summary>What the tool alone may weigh (issue #12): it was 211 MB with LibTorch inside.</summary>
    private const long MaxPackageBytes = 30_000_000;

    private readonly TemporaryDirectory _directory = new();

    [Fact]
    public void ThePackedToolInstallsOfflineAndRunsAFunctionStudyButNoRecommenderStudy()
    {
        var packages = Path.Combine(_directory.Path, "packages");
        var tools = Path.Combine(_directory.Path, "tools");
        // The build the tests run with is packed as it is, so the test costs no second build.
        Run("dotnet", ["pack", Path.Combine(RepositoryRoot(), "src", "MetaOpt.Launcher"), "-c", Configuration, "--no-build", "-o", packages, "-nologo"]);
        var package = Assert.Single(Directory.GetFiles(packages, "MetaOpt.Tool.*.nupkg"));
        Assert.InRange(new FileInfo(package).Length, 1, MaxPackageBytes);
        using (var archive = ZipFile.OpenRead(package))
        {
            Assert.DoesNotContain(archive.Entries, e => e.FullName.Contains("torch", StringComparison.OrdinalIgnoreCase));
            Assert.Contains(archive.Entries, e => e.FullName.EndsWith("/MetaOpt.Launcher.dll", StringComparison.Ordinal));
        }

        // Only the package folder as a source, and a NuGet cache of its own: nothing comes from the network or from
        // an older package of the same version.
        var config = _directory.File("nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><clear /><add key="local" value="{packages}" /></packageSources></configuration>
            """);
        Run("dotnet", ["tool", "install", "--tool-path", tools, "--configfile", config, "MetaOpt.Tool"]);
        var metaopt = Path.Combine(tools, "metaopt");

        var run = Run(metaopt, ["run", "functions-branin", "--trials", "3", "--storage", _directory.File("studies.db")]);
        Assert.Contains("3 trials (3 complete, 0 pruned, 0 failed)", run.Output);

        var recommender = Run(metaopt, ["run", "synthetic-cold-start", "--storage", _directory.File("studies.db")], expectedExit: 2);
        var line = Assert.Single(recommender.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("metaopt: unknown study 'synthetic-cold-start'", line);
        Assert.Contains("the recommender studies (movielens-*, synthetic-*) are not installed: install the MetaOpt.Studies.Recommender package", line);
    }

    public void Dispose() => _directory.Dispose();

    private (string Output, string Error) Run(string program, string[] args, int expectedExit = 0)
    {
        var start = new ProcessStartInfo(program, args)
        {
            WorkingDirectory = _directory.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["NUGET_PACKAGES"] = Path.Combine(_directory.Path, "nuget-cache");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment.Remove(UserStudies.RecommenderStudies.Variable);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == expectedExit,
            $"{program} {string.Join(' ', args)} exited with {process.ExitCode}, not {expectedExit}\n{output}\n{error.Result}");
        return (output, error.Result);
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "MetaOpt.sln")))
                return folder.FullName;
        throw new InvalidOperationException($"no MetaOpt.sln above {AppContext.BaseDirectory}");
    }
}
