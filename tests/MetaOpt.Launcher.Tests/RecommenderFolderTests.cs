using System.Text.Json;
using MetaOpt.Launcher.UserStudies;
using MetaOpt.TestSupport;

namespace MetaOpt.Launcher.Tests;

/// <summary>
/// The real launcher (its apphost beside these tests, whose own dependencies exclude the recommender) finds the
/// recommender studies in the package folder the build installs beside it (tests/RecommenderPackage.targets), or
/// says what to install without them.
/// </summary>
public sealed class RecommenderFolderTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    [SkippableFact]
    public void ListingTheRecommenderStudiesFromTheFolderLoadsNoLibTorch()
    {
        // glibc's loader writes every library it opens to ld.PID when LD_DEBUG=files.
        var trace = _directory.File("ld");
        var listed = Launch(["studies", "--format", "json"], new() { ["LD_DEBUG"] = "files", ["LD_DEBUG_OUTPUT"] = trace });

        Assert.Equal(0, listed.ExitCode);
        using var json = JsonDocument.Parse(listed.Output);
        var studies = json.RootElement.GetProperty("studies").EnumerateArray()
            .ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("from").GetString());
        Assert.Equal("built-in", studies["synthetic-cold-start"]);
        Assert.Equal("built-in", studies["movielens-maml"]);
        Assert.Equal("built-in", studies["functions-branin"]);
        var opened = string.Concat(Directory.GetFiles(_directory.Path, "ld.*").Select(File.ReadAllText));
        Requires.MachineWhere(opened.Contains("file=", StringComparison.Ordinal), "the dynamic loader is not glibc's: LD_DEBUG traces nothing");
        Assert.DoesNotContain("libtorch", opened, StringComparison.Ordinal);
        Assert.DoesNotContain("libLibTorchSharp", opened, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutTheRecommenderStudiesTheirStudiesAndTrainSayWhatToInstall()
    {
        var empty = Directory.CreateDirectory(_directory.File("no-recommender")).FullName;
        var environment = new Dictionary<string, string> { [StudyPackages.Variable] = empty };

        var listed = Launch(["studies", "--format", "json"], environment);
        Assert.Equal(0, listed.ExitCode);
        Assert.DoesNotContain("synthetic-cold-start", listed.Output, StringComparison.Ordinal);
        Assert.Contains("functions-branin", listed.Output, StringComparison.Ordinal);

        var run = Launch(["run", "synthetic-cold-start", "--storage", _directory.File("studies.db")], environment);
        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("metaopt: unknown study 'synthetic-cold-start'", line);
        Assert.EndsWith($"the recommender studies (movielens-*, synthetic-*) are not installed: install the MetaOpt.Studies.Recommender package into a folder of '{empty}' or set METAOPT_PACKAGES to the folder holding it (docs/install.md)", line);
        Assert.False(File.Exists(_directory.File("studies.db")));

        var train = Launch(["train", "--algo", "maml", "--epochs", "1"], environment);
        Assert.Equal(1, train.ExitCode);
        Assert.Equal([$"metaopt: cannot train: the recommender studies (movielens-*, synthetic-*) are not installed: install the MetaOpt.Studies.Recommender package into a folder of '{empty}' or set METAOPT_PACKAGES to the folder holding it (docs/install.md)"],
            train.ErrorLines);
    }

    public void Dispose() => _directory.Dispose();

    private LauncherOutcome Launch(string[] args, Dictionary<string, string> environment) => Launcher.Start(_directory.Path, args, environment);
}
