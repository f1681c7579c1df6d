using System.CommandLine;
using System.Text.Json;
using MetaOpt.Launcher.Cli;
using MetaOpt.Launcher.UserStudies;
using MetaOpt.Studies;

namespace MetaOpt.Launcher.Tests;

/// <summary>
/// Study packages as the launcher finds them installed: the test study assembly (MetaOpt.Isolation.TestStudies)
/// copied into a package folder brings its studies and its <c>probe-echo</c> command, which runs and fails as the
/// launcher's own commands do; names taken twice are refused in one line naming both.
/// </summary>
public sealed class StudyPackageTests : IDisposable
{
    private const string TestStudies = "MetaOpt.Isolation.TestStudies";

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void AnInstalledPackagesCommandAndStudiesJoinTheLaunchers()
    {
        var packages = Install(TestStudies);

        var echoed = Launch(packages, "probe-echo", "hello");
        Assert.Equal((0, "hello\n", ""), (echoed.ExitCode, echoed.Output, echoed.Error));

        var help = Launch(packages, "--help");
        Assert.Contains("probe-echo", help.Output, StringComparison.Ordinal);
        // The package holds no train: the launcher's stand-in says what to install.
        Assert.Contains("Needs the recommender studies (not installed).", help.Output, StringComparison.Ordinal);

        var listed = Launch(packages, "studies", "--format", "json");
        Assert.Equal(0, listed.ExitCode);
        using var json = JsonDocument.Parse(listed.Output);
        var names = json.RootElement.GetProperty("studies").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ToList();
        Assert.Contains("functions-branin", names);
        Assert.Contains(names, n => n!.StartsWith("probe-", StringComparison.Ordinal));
        Assert.DoesNotContain("synthetic-cold-start", names);
    }

    [Theory]
    [InlineData("usage", 2, "metaopt: bad text 'x y': use any other")]
    [InlineData("failure", 1, "metaopt: cannot echo 'x y'")]
    public void APackagesCommandFailsInOneLineWithTheLaunchersExitCode(string failure, int exitCode, string line)
    {
        var outcome = Launch(Install(TestStudies), "probe-echo", "x y", "--fail", failure);

        Assert.Equal(exitCode, outcome.ExitCode);
        Assert.Equal([line], outcome.ErrorLines);
        Assert.Equal("", outcome.Output);
    }

    [Fact]
    public void TwoPackagesDefiningOneStudyAreRefusedNamingBoth()
    {
        var packages = Install(TestStudies, "AnotherCopy");

        var outcome = Launch(packages, "list");

        Assert.Equal(1, outcome.ExitCode);
        var line = Assert.Single(outcome.ErrorLines);
        Assert.Matches(
            $"^metaopt: study 'probe-[a-z-]+' of '{Path.Combine(packages, TestStudies, TestStudies + ".dll")}' is also defined by '{Path.Combine(packages, "AnotherCopy", "AnotherCopy.dll")}': remove one of the packages$",
            line);
    }

    [Fact]
    public void APackageFolderWithoutItsAssemblyIsRefusedNamingIt()
    {
        var packages = Install();
        Directory.CreateDirectory(Path.Combine(packages, "Empty"));

        var outcome = Launch(packages, "list");

        Assert.Equal(1, outcome.ExitCode);
        Assert.StartsWith($"metaopt: '{Path.Combine(packages, "Empty")}' is not a study package: it must hold Empty.dll", Assert.Single(outcome.ErrorLines));
    }

    [Fact]
    public void APackageListedInTheCurrentFoldersMetaoptJsonIsLoadedAndAMalformedListIsRefused()
    {
        var folder = Directory.CreateDirectory(_directory.File("pkg")).FullName;
        File.Copy(Path.Combine(AppContext.BaseDirectory, TestStudies + ".dll"), Path.Combine(folder, TestStudies + ".dll"));
        File.WriteAllText(_directory.File("metaopt.json"), $$"""{"packages": ["pkg/{{TestStudies}}.dll"]}""");

        var echoed = Launch(Install(), "probe-echo", "listed");
        Assert.Equal((0, "listed\n", ""), (echoed.ExitCode, echoed.Output, echoed.Error));

        File.WriteAllText(_directory.File("metaopt.json"), """{"packages": "pkg"}""");
        var refused = Launch(Install(), "list");
        Assert.Equal(2, refused.ExitCode);
        Assert.Equal([$"metaopt: '{_directory.File("metaopt.json")}': \"packages\" must be a list of paths of .csproj or .dll files"], refused.ErrorLines);
    }

    [Fact]
    public void TwoPackagesContributingOneCommandAreRefusedNamingBoth()
    {
        var contributions = StudyCatalog.Contributions(typeof(MetaOpt.Isolation.TestStudies.EchoCommand).Assembly);
        var first = new StudyPackage("first.dll", typeof(MetaOpt.Isolation.TestStudies.EchoCommand).Assembly, contributions);
        using var interruption = new Interruption();

        var twice = Assert.Throws<LauncherException>(() => PackageCommands.AddTo(new RootCommand(), interruption, [first, first with { Source = "second.dll" }]));
        Assert.Equal("command 'probe-echo' of 'second.dll' is also contributed by 'first.dll': remove one of the packages", twice.Message);

        var launchers = Assert.Throws<LauncherException>(() => PackageCommands.AddTo(new RootCommand { new Command("probe-echo") }, interruption, [first]));
        Assert.Equal("command 'probe-echo' of 'first.dll' is one of the launcher's own: remove the package or rename its command", launchers.Message);
    }

    [Fact]
    public void TheLauncherReferencesNoRecommenderAssembly()
    {
        var references = typeof(Program).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.Contains("MetaOpt.Studies", references);
        Assert.DoesNotContain("MetaOpt.Recommender", references);
        Assert.DoesNotContain("MetaOpt.Studies.Recommender", references);
        Assert.DoesNotContain("TorchSharp", references);
    }

    /// <summary>A packages folder holding the test studies' assembly under each of <paramref name="names"/>.</summary>
    private string Install(params string[] names)
    {
        var packages = Directory.CreateDirectory(_directory.File("packages")).FullName;
        foreach (var name in names)
        {
            var folder = Directory.CreateDirectory(Path.Combine(packages, name)).FullName;
            File.Copy(Path.Combine(AppContext.BaseDirectory, TestStudies + ".dll"), Path.Combine(folder, name + ".dll"));
        }
        return packages;
    }

    private LauncherOutcome Launch(string packages, params string[] args) =>
        Launcher.Start(_directory.Path, args, new Dictionary<string, string> { [StudyPackages.Variable] = packages });
}
