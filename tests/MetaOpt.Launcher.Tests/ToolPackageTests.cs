using System.Diagnostics;
using System.IO.Compression;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using System.Xml.Linq;

namespace MetaOpt.Launcher.Tests;

/// <summary>
/// The <c>metaopt</c> tool packages as a user gets them: packed from this checkout like a release (the pointer package,
/// the ReadyToRun platform packages and the framework-dependent <c>any</c> one), installed offline from a folder with
/// <c>dotnet tool install</c>, and run. They carry the licence and no LibTorch.
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
    public void TheToolInstallsOfflineAsTheReadyToRunPackageOfItsPlatformAndRunsAFunctionStudyButNoRecommenderStudy()
    {
        var packages = Path.Combine(_directory.Path, "packages");
        var tools = Path.Combine(_directory.Path, "tools");
        // Packed as a release is, so the platform packages are compiled ReadyToRun (a minute: not --no-build, the
        // test build has no platform builds); the recommender studies' package is the test build packed as it is.
        var pack = Run("dotnet", ["pack", Path.Combine(RepositoryRoot(), "src", "MetaOpt.Launcher"), "-c", Configuration, "-o", packages, "-nologo"], ownNuGetCache: false);
        Run("dotnet", ["pack", Path.Combine(RepositoryRoot(), "studies", "MetaOpt.Studies.Recommender"), "-c", Configuration, "--no-build", "-o", packages, "-nologo"], ownNuGetCache: false);
        Assert.DoesNotContain("warning", pack.Output, StringComparison.OrdinalIgnoreCase);

        var platform = "linux-" + RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();
        string[] expected = ["MetaOpt.Studies.Recommender", "MetaOpt.Tool", "MetaOpt.Tool.any", "MetaOpt.Tool.linux-arm64", "MetaOpt.Tool.linux-x64"];
        Assert.Equal(expected, Directory.GetFiles(packages, "*.nupkg").Select(p => Path.GetFileName(p)[..^".0.1.0.nupkg".Length]).Order());
        foreach (var package in Directory.GetFiles(packages, "*.nupkg"))
        {
            Assert.InRange(new FileInfo(package).Length, 1, MaxPackageBytes);
            using var archive = ZipFile.OpenRead(package);
            AssertMetadata(archive);
            if (Path.GetFileName(package).StartsWith("MetaOpt.Tool", StringComparison.Ordinal))
                Assert.DoesNotContain(archive.Entries, e => e.FullName.Contains("torch", StringComparison.OrdinalIgnoreCase));
        }
        using (var any = ZipFile.OpenRead(Path.Combine(packages, "MetaOpt.Tool.any.0.1.0.nupkg")))
            Assert.False(IsReadyToRun(any.Entries.Single(e => e.FullName.EndsWith("/MetaOpt.Launcher.dll", StringComparison.Ordinal))), "the any package is compiled ReadyToRun");

        // Only the package folder as a source, and a NuGet cache of its own: nothing comes from the network or from
        // an older package of the same version.
        var config = _directory.File("nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><clear /><add key="local" value="{packages}" /></packageSources></configuration>
            """);
        Run("dotnet", ["tool", "install", "--tool-path", tools, "--configfile", config, "MetaOpt.Tool"]);
        var metaopt = Path.Combine(tools, "metaopt");

        // dotnet tool install chose this platform's package, and what runs (the command, and the workers it starts
        // from beside itself) is compiled ReadyToRun.
        var installed = Path.GetDirectoryName(new FileInfo(metaopt).ResolveLinkTarget(returnFinalTarget: true)!.FullName)!;
        Assert.Contains($"metaopt.tool.{platform}", installed, StringComparison.Ordinal);
        foreach (var assembly in new[] { "MetaOpt.Launcher.dll", "MetaOpt.dll", "MetaOpt.Storage.LiteDB.dll" })
            using (var stream = File.OpenRead(Path.Combine(installed, assembly)))
                Assert.True(IsReadyToRun(stream), $"{assembly} is not compiled ReadyToRun");

        var run = Run(metaopt, ["run", "functions-branin", "--trials", "3", "--isolation", "process", "--storage", _directory.File("studies.db")]);
        Assert.Contains("3 trials (3 complete, 0 pruned, 0 failed)", run.Output);

        var recommender = Run(metaopt, ["run", "synthetic-cold-start", "--storage", _directory.File("studies.db")], expectedExit: 2);
        var line = Assert.Single(recommender.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("metaopt: unknown study 'synthetic-cold-start'", line);
        Assert.Contains("the recommender studies (movielens-*, synthetic-*) are not installed: install the MetaOpt.Studies.Recommender package", line);
    }

    /// <summary>The package's nuspec declares the MIT licence and what a gallery shows, and no invented home page.</summary>
    private static void AssertMetadata(ZipArchive package)
    {
        using var stream = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Field(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
        Assert.Equal("MIT", Field("license"));
        Assert.Equal("MetaOpt contributors", Field("authors"));
        Assert.Equal("README.md", Field("readme"));
        Assert.Contains(package.Entries, e => e.FullName == "README.md");
        Assert.False(string.IsNullOrWhiteSpace(Field("description")));
        Assert.Contains("metaopt", Field("tags") ?? "", StringComparison.Ordinal);
        Assert.Null(Field("projectUrl"));
    }

    private static bool IsReadyToRun(ZipArchiveEntry entry)
    {
        using var copy = new MemoryStream();
        using (var stream = entry.Open())
            stream.CopyTo(copy);
        copy.Position = 0;
        return IsReadyToRun(copy);
    }

    /// <summary>Whether the assembly carries precompiled native code: ReadyToRun images have a managed native header.</summary>
    private static bool IsReadyToRun(Stream assembly)
    {
        using var reader = new PEReader(assembly, PEStreamOptions.LeaveOpen);
        return reader.PEHeaders.CorHeader is { ManagedNativeHeaderDirectory.Size: > 0 };
    }

    public void Dispose() => _directory.Dispose();

    /// <summary>Runs <paramref name="program"/>; with <paramref name="ownNuGetCache"/>, against this test's empty NuGet cache.</summary>
    private (string Output, string Error) Run(string program, string[] args, int expectedExit = 0, bool ownNuGetCache = true)
    {
        var start = new ProcessStartInfo(program, args)
        {
            WorkingDirectory = _directory.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (ownNuGetCache)
            start.Environment["NUGET_PACKAGES"] = Path.Combine(_directory.Path, "nuget-cache");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment.Remove(UserStudies.StudyPackages.Variable);
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
