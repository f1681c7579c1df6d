using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MetaOpt.Launcher.Tests;

/// <summary><c>--subset</c>: a recommender study on part of its MovieLens data, recorded as part of the data's identity.</summary>
public sealed class DataSubsetOptionTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly string _data;
    private readonly string _storage;

    public DataSubsetOptionTests()
    {
        _data = MovieLensFiles.Write(Directory.CreateDirectory(_directory.File("ml")).FullName);
        _storage = _directory.File("s.db");
    }

    public void Dispose() => _directory.Dispose();

    // Seed 2's first random configuration (reptile, meta_batch 8) fits the few meta-train users of a subset.
    private LauncherOutcome RunMaml(string name, params string[] more) => Launcher.Run(
        ["run", "movielens-maml", "--data", _data, "--name", name, "--trials", "1", "--epochs", "1", "--pruner", "none", "--sampler", "random",
         "--seed", "2", "--storage", _storage, .. more]);

    private static double SuggestedUsers(LauncherOutcome suggest)
    {
        Assert.True(suggest.ExitCode == 0, suggest.Error);
        using var json = JsonDocument.Parse(suggest.Output);
        return json.RootElement.GetProperty("meta_features").GetProperty("users").GetDouble();
    }

    [Fact]
    public void ASubsetStudyTrainsOnItsUsersRecordsTheSubsetForConfirmAndHasItsOwnMetaFeatures()
    {
        var older = MovieLensFiles.Users(_data, f => int.Parse(f[1], CultureInfo.InvariantCulture) >= 35);

        var subset = RunMaml("older", "--subset", "age:>=35");
        var whole = RunMaml("all");

        Assert.True(subset.ExitCode == 0, subset.Error);
        Assert.True(whole.ExitCode == 0, whole.Error);
        using (var storage = LiteDbStorage.OpenReadOnly(_storage))
        {
            var olderStudy = storage.FindStudy("older")!;
            Assert.Equal(TrialState.Complete, Assert.Single(storage.GetAllTrials("older")).State);
            Assert.Equal(older.Count, MetaFeatures.Read(olderStudy.UserAttrs)!.Values["users"]);
            Assert.Equal(80, MetaFeatures.Read(storage.FindStudy("all")!.UserAttrs)!.Values["users"]);
            var runs = JsonNode.Parse((string)olderStudy.UserAttrs["runs"])!.AsArray();
            Assert.Equal("age:>=35", (string?)runs[^1]!["subset"]);
            Assert.False(JsonNode.Parse((string)storage.FindStudy("all")!.UserAttrs["runs"])!.AsArray()[^1]!.AsObject().ContainsKey("subset"));
        }

        // confirm trains again on the subset its last run recorded: the meta-features it stores stay the subset's.
        var confirm = Launcher.Run("confirm", "older", "--top", "1", "--repeats", "1", "--storage", _storage);
        Assert.True(confirm.ExitCode == 0, confirm.Error);
        using (var storage = LiteDbStorage.OpenReadOnly(_storage))
        {
            Assert.Equal(2, storage.GetAllTrials("older").Count);
            Assert.Equal(older.Count, MetaFeatures.Read(storage.FindStudy("older")!.UserAttrs)!.Values["users"]);
        }

        // suggest compares the new data by the same meta-features: the subset's, not the whole folder's.
        Assert.Equal(older.Count, SuggestedUsers(Launcher.Run("suggest", "movielens-maml", "--data", _data, "--subset", "age:>=35", "--storage", _storage, "--format", "json")));
        Assert.Equal(80, SuggestedUsers(Launcher.Run("suggest", "movielens-maml", "--data", _data, "--storage", _storage, "--format", "json")));
    }

    [Fact]
    public void AWorkerProcessTrainsOnTheSameSubsetAsTheRun()
    {
        var inProcess = RunMaml("thread", "--subset", "occupation:!writer");
        var isolated = RunMaml("process", "--subset", "occupation:!writer", "--isolation", "process");
        var whole = RunMaml("whole");

        Assert.True(inProcess.ExitCode == 0, inProcess.Error);
        Assert.True(isolated.ExitCode == 0, isolated.Error);
        Assert.True(whole.ExitCode == 0, whole.Error);
        using var storage = LiteDbStorage.OpenReadOnly(_storage);
        var trials = new[] { "thread", "process", "whole" }.Select(name => Assert.Single(storage.GetAllTrials(name))).ToList();
        // The same seed and parameters on the same users train to the same value; on all 80 users, to another.
        Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.All(trials, t => Assert.Equal(trials[0].Params, t.Params));
        Assert.Equal(trials[0].Value, trials[1].Value);
        Assert.NotEqual(trials[0].Value, trials[2].Value);
    }

    [Theory]
    [InlineData("age:<30", "clause 'age:<30' is not one of the forms: clauses age:<N or age:>=N (N one of 18, 25, 35, 45, 50, 56)")]
    [InlineData("height:>=2", "clause 'height:>=2' is not one of the forms")]
    [InlineData("occupation:pilot", "has no occupation 'pilot'; its occupations are student, writer, engineer.")]
    public void ABadSubsetIsOneLineExitTwoAndStoresNothing(string subset, string expected)
    {
        var outcome = RunMaml("bad", "--subset", subset);

        Assert.Equal(2, outcome.ExitCode);
        var line = Assert.Single(outcome.ErrorLines);
        Assert.StartsWith("metaopt: cannot run 'movielens-maml' with these settings: subset '", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.False(File.Exists(_storage));
    }

    [Fact]
    public void AStudyThatReadsNoSubsetSaysItIgnoresIt()
    {
        var outcome = Launcher.Run("run", "functions-branin", "--trials", "1", "--subset", "age:<25", "--storage", _storage);

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        Assert.Contains("metaopt: note: study 'functions-branin' does not use --subset; it is ignored", outcome.ErrorLines);
    }
}
