namespace MetaOpt.Launcher.Tests;

/// <summary>Studies in the user's own project: built when needed, listed beside the built-in ones, run by name.</summary>
public sealed class UserStudyTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void AStudyProjectIsBuiltOnceListedAndRunByPathDllOrMetaoptJson()
    {
        var project = UserStudyProject.Write(_directory.File("proj"), "my-quad");

        var listed = Launcher.Run("studies", "--studies", project);
        Assert.True(listed.ExitCode == 0, listed.Error);
        var line = Assert.Single(listed.Output.Split('\n'), l => l.Contains("my-quad", StringComparison.Ordinal));
        Assert.Contains("MyStudies.csproj", line);
        Assert.Contains("functions-branin", listed.Output);
        var assembly = _directory.File("proj/bin/metaopt/MyStudies.dll");
        var built = File.GetLastWriteTimeUtc(assembly);

        var storage = _directory.File("studies.db");
        var run = Launcher.Run("run", "my-quad", "--studies", project, "--trials", "2", "--storage", storage);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(built, File.GetLastWriteTimeUtc(assembly));
        Assert.DoesNotContain("Building", run.Error);

        // The built .dll directly, then a metaopt.json beside the storage naming the project: 2 trials more each.
        Assert.Equal(0, Launcher.Run("run", "my-quad", "--studies", assembly, "--trials", "3", "--storage", storage).ExitCode);
        File.WriteAllText(_directory.File("metaopt.json"), """{"studies": "proj/MyStudies.csproj"}""");
        var byDefault = Launcher.Run("run", "my-quad", "--trials", "4", "--storage", storage);
        Assert.True(byDefault.ExitCode == 0, byDefault.Error);

        using var read = LiteDbStorage.OpenReadOnly(storage);
        var trials = read.GetAllTrials("my-quad");
        Assert.Equal(4, trials.Count);
        Assert.All(trials, t =>
        {
            Assert.Equal(TrialState.Complete, t.State);
            Assert.Equal(Math.Pow((double)t.Params["x"] - 2, 2), t.Value!.Value, 12);
        });
    }

    [Fact]
    public void AChangeInAReferencedProjectRebuildsTheStudiesOnce()
    {
        Directory.CreateDirectory(_directory.File("lib"));
        File.WriteAllText(_directory.File("lib/Lib.csproj"), """<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>""");
        File.WriteAllText(_directory.File("lib/Two.cs"), "namespace Lib; public static class Two { public const int Value = 2; }");
        var project = UserStudyProject.Write(_directory.File("proj"), "my-quad");
        File.WriteAllText(project, File.ReadAllText(project).Replace("</Project>", """<ItemGroup><ProjectReference Include="../lib/Lib.csproj" /></ItemGroup></Project>""", StringComparison.Ordinal));
        string Listing() => Launcher.Run("studies", "--studies", project).Error;

        Assert.Contains("Building", Listing());
        Assert.DoesNotContain("Building", Listing());
        // A change the studies' own assembly does not see: it is not recompiled, yet the build counts as done.
        File.AppendAllText(_directory.File("lib/Two.cs"), "\n// changed\n");
        Assert.Contains("Building", Listing());
        Assert.DoesNotContain("Building", Listing());
    }

    [Fact]
    public void AProjectThatDoesNotCompileShowsItsFirstCompilerError()
    {
        var project = UserStudyProject.Write(_directory.File("proj"), "my-quad", extraCode: "public int Broken => ;");

        var outcome = Launcher.Run("run", "my-quad", "--studies", project, "--storage", _directory.File("s.db"));

        Assert.Equal(1, outcome.ExitCode);
        var error = Assert.Single(outcome.ErrorLines, l => l.StartsWith("metaopt: ", StringComparison.Ordinal));
        Assert.StartsWith($"metaopt: cannot build studies project '{project}': ", error);
        Assert.Contains("QuadStudy.cs", error);
        Assert.Contains("error CS", error);
        Assert.False(File.Exists(_directory.File("s.db")));
    }

    [Fact]
    public void AStudyNamedLikeABuiltInOneIsRefused()
    {
        var project = UserStudyProject.Write(_directory.File("proj"), "functions-branin");

        var outcome = Launcher.Run("studies", "--studies", project);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal($"metaopt: study 'functions-branin' of '{project}' has the name of a built-in study: rename QuadStudy's Name", outcome.ErrorLines[^1]);
    }

    [Fact]
    public void AMissingFileOrAnAssemblyWithoutStudiesIsOneLine()
    {
        var missing = Launcher.Run("studies", "--studies", _directory.File("none.dll"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal([$"metaopt: studies file '{_directory.File("none.dll")}' does not exist: pass --studies with a .csproj or a built .dll"], missing.ErrorLines);

        var engine = Path.Combine(AppContext.BaseDirectory, "MetaOpt.Reports.dll");
        var empty = Launcher.Run("run", "anything", "--studies", engine, "--storage", _directory.File("s.db"));
        Assert.Equal(2, empty.ExitCode);
        Assert.Equal([$"metaopt: '{engine}' defines no study: add a public class implementing MetaOpt.Studies.IStudyDefinition with a parameterless constructor"], empty.ErrorLines);
        Assert.False(File.Exists(_directory.File("s.db")));
    }

    [Fact]
    public void NewStudyCreatesAProjectThatBuildsAndRunsTwoTrials()
    {
        var folder = _directory.File("tuning");
        var created = Launcher.Run("new", "study", "my-model", "--out", folder);
        Assert.True(created.ExitCode == 0, created.Error);
        Assert.True(File.Exists(Path.Combine(folder, "MyModelStudies.csproj")));

        // metaopt.json in the new folder names the project, and the storage lies beside it.
        var storage = Path.Combine(folder, "studies.db");
        var run = Launcher.Run("run", "my-model", "--trials", "2", "--epochs", "3", "--storage", storage);
        Assert.True(run.ExitCode == 0, run.Error);

        using var read = LiteDbStorage.OpenReadOnly(storage);
        var trials = read.GetAllTrials("my-model");
        Assert.Equal([TrialState.Complete, TrialState.Complete], trials.Select(t => t.State));
        Assert.All(trials, t => Assert.Equal([0, 1, 2], t.IntermediateValues.Keys));

        var again = Launcher.Run("new", "study", "my-model", "--out", folder);
        Assert.Equal(2, again.ExitCode);
        Assert.Equal([$"metaopt: '{folder}' already exists and is not an empty folder: pass --out with a new one"], again.ErrorLines);
        Assert.Equal(2, Launcher.Run("new", "study", "My_Model", "--out", _directory.File("other")).ExitCode);
    }

    [Fact]
    public void AStorageInsideTheProjectFolderDoesNotRebuildIt()
    {
        var project = UserStudyProject.Write(_directory.File("proj"), "my-quad");
        var storage = _directory.File("proj/studies.db");
        Assert.Equal(0, Launcher.Run("run", "my-quad", "--studies", project, "--trials", "1", "--storage", storage).ExitCode);
        var assembly = _directory.File("proj/bin/metaopt/MyStudies.dll");
        var built = File.GetLastWriteTimeUtc(assembly);
        // The run wrote the storage after the build: the newest file of the folder, and no source of the project.
        Assert.True(File.GetLastWriteTimeUtc(storage) > built);

        var again = Launcher.Run("run", "my-quad", "--studies", project, "--trials", "2", "--storage", storage);

        Assert.True(again.ExitCode == 0, again.Error);
        Assert.DoesNotContain("Building", again.Error);
        Assert.Equal(built, File.GetLastWriteTimeUtc(assembly));

        // A changed source still rebuilds.
        File.SetLastWriteTimeUtc(_directory.File("proj/QuadStudy.cs"), DateTime.UtcNow.AddMinutes(1));
        var edited = Launcher.Run("studies", "--studies", project);
        Assert.True(edited.ExitCode == 0, edited.Error);
        Assert.Contains("Building", edited.Error);
    }

    [Fact]
    public void NewStudyRefusesTheNameOfABuiltInStudyAsRunWould()
    {
        var folder = _directory.File("branin");

        var created = Launcher.Run("new", "study", "functions-branin", "--out", folder);

        Assert.Equal(2, created.ExitCode);
        Assert.Equal(["metaopt: invalid study name 'functions-branin': it is the name of a built-in study; choose another (see 'metaopt new study --help')"], created.ErrorLines);
        Assert.False(Directory.Exists(folder));
    }
}
