using System.Text.Json;

namespace MetaOpt.Launcher.Tests;

/// <summary>
/// What the launcher reads from a study's declarations: <c>best</c> compares any study with the baselines it declared
/// (here one made by a program of the user's through the library, as an ask/tell driver would), and
/// <c>studies</c> names the data each study package says it needs.
/// </summary>
public sealed class DeclaredBaselinesTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly string _storage;

    public DeclaredBaselinesTests() => _storage = _directory.File("studies.db");

    public void Dispose() => _directory.Dispose();

    private void StoreClassifierStudy(string? damagedDeclarations = null)
    {
        using var storage = new LiteDbStorage(_storage);
        var study = Study.Create("classifier", new StudyOptions { Storage = storage, Sampler = new RandomSampler(4), Direction = Direction.Maximize });
        new StudyDeclarations
        {
            Metrics = [new("holdout_accuracy", "hold-out accuracy", Direction.Maximize)],
            Baselines = [new("majority_accuracy", "majority class", "hold-out", "holdout_accuracy"), new("stump_accuracy", "decision stump", "hold-out", "holdout_accuracy")],
            StrategyParameters = ["model"],
        }.Store(study);
        if (damagedDeclarations is not null)
            study.SetUserAttr(StudyDeclarations.AttributeKey, damagedDeclarations);
        study.SetUserAttr("majority_accuracy", 0.6);
        study.SetUserAttr("stump_accuracy", 0.7);
        study.Optimize(trial =>
        {
            var model = trial.SuggestCategorical("model", ["tree", "forest"]);
            var depth = trial.SuggestInt("depth", 1, 6);
            trial.SetUserAttr("holdout_accuracy", 0.5 + 0.04 * depth);
            return (model == "forest" ? 0.6 : 0.55) + 0.04 * depth;
        }, trials: 8);
    }

    [Fact]
    public void BestComparesAUserStudyWithTheBestOfItsDeclaredBaselines()
    {
        StoreClassifierStudy();

        var outcome = Launcher.Run("best", "classifier", "--storage", _storage);

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        using var json = JsonDocument.Parse(outcome.Output);
        var root = json.RootElement;
        Assert.Equal(root.GetProperty("params").GetProperty("model").GetString(), root.GetProperty("strategy").GetString());
        Assert.Equal("single_run", root.GetProperty("verdict_from").GetString());
        var margin = root.GetProperty("vs_baselines").GetProperty("hold-out");
        var accuracy = root.GetProperty("user_attrs").GetProperty("holdout_accuracy").GetDouble();
        Assert.Equal("stump_accuracy", margin.GetProperty("best_baseline").GetString());
        Assert.Equal(accuracy, margin.GetProperty("value").GetDouble());
        Assert.Equal(accuracy - 0.7, margin.GetProperty("improvement").GetDouble(), 12);
        Assert.Single(root.GetProperty("vs_baselines").EnumerateObject());
    }

    [Fact]
    public void BestOfAStudyWithADamagedDeclarationFailsWithOneLineAndChangesNothing()
    {
        const string damaged = """{"metrics": [{"key": "holdout_accuracy", "label": "hold-out accuracy", "direction": "upward"}]}""";
        StoreClassifierStudy(damaged);

        var outcome = Launcher.Run("best", "classifier", "--storage", _storage);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal(
            $"metaopt: study 'classifier' cannot be compared with its baselines: study attribute '{StudyDeclarations.AttributeKey}' is malformed: " +
            "direction 'upward' of metric {\"key\": \"holdout_accuracy\", \"label\": \"hold-out accuracy\", \"direction\": \"upward\"} is not minimize or maximize",
            Assert.Single(outcome.ErrorLines));
        using var storage = LiteDbStorage.OpenReadOnly(_storage);
        Assert.Equal(damaged, storage.FindStudy("classifier")!.UserAttrs[StudyDeclarations.AttributeKey]);
    }

    [Fact]
    public void StudiesNamesTheDataEachStudyDeclares()
    {
        var text = Launcher.Run("studies");
        var json = Launcher.Run("studies", "--format", "json");

        Assert.Equal(0, text.ExitCode);
        Assert.Single(text.Output.Split('\n'), l => l.StartsWith("MovieLens studies need --data DIR (unpacked ml-100k, ml-1m or ml-latest-small).", StringComparison.Ordinal));
        using var listed = JsonDocument.Parse(json.Output);
        var data = listed.RootElement.GetProperty("studies").EnumerateArray()
            .ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("data").GetString());
        Assert.Equal("movielens", data["movielens-maml"]);
        Assert.Equal("none", data["synthetic-cold-start"]);
        Assert.Equal("none", data["functions-branin"]);
    }
}
