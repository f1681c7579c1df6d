using System.Text.Json;
using MetaOpt.Studies;

namespace MetaOpt.Launcher.Tests;

/// <summary><c>metaopt suggest</c> and <c>run --warm-start auto</c>'s first trials: what earlier studies predict for a new one.</summary>
public sealed class SuggestCommandTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly string _storage;

    public SuggestCommandTests() => _storage = _directory.File("s.db");

    public void Dispose() => _directory.Dispose();

    /// <summary>The suggested configurations' parameters as JSON text, by name.</summary>
    private static List<Dictionary<string, string>> SuggestedParams(LauncherOutcome suggest)
    {
        using var json = JsonDocument.Parse(suggest.Output);
        return json.RootElement.GetProperty("configurations").EnumerateArray()
            .Select(c => c.GetProperty("params").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText()))
            .ToList();
    }

    [Fact]
    public void SuggestPrintsWhatEarlierStudiesPredictAndAnAutoWarmStartEvaluatesThoseFirst()
    {
        foreach (var (name, seed) in new[] { ("b1", "1"), ("b2", "2") })
            Assert.Equal(0, Launcher.Run("run", "functions-branin", "--trials", "15", "--name", name, "--seed", seed, "--storage", _storage).ExitCode);

        var table = Launcher.Run("suggest", "functions-branin", "--count", "2", "--storage", _storage);
        var suggest = Launcher.Run("suggest", "functions-branin", "--count", "2", "--storage", _storage, "--format", "json");
        var run = Launcher.Run("run", "functions-branin", "--trials", "8", "--sampler", "gp", "--warm-start", "auto", "--storage", _storage);

        Assert.True(table.ExitCode == 0, table.Error);
        Assert.Contains("2 configurations for 'functions-branin' from 2 earlier studies (no meta-features: every study weighs the same):", table.Output);
        var suggested = SuggestedParams(suggest);
        Assert.Equal(2, suggested.Count);
        Assert.True(run.ExitCode == 0, run.Error);
        using var storage = LiteDbStorage.OpenReadOnly(_storage);
        var trials = storage.GetAllTrials("functions-branin");
        // A quarter of the run's 8 trials: the two suggested, in order, each naming where it comes from.
        Assert.Equal(suggested, trials.Take(2).Select(t => t.Params.ToDictionary(p => p.Key, p => JsonSerializer.Serialize(p.Value))));
        Assert.All(trials.Take(2), t => Assert.Matches(@"^b[12]#\d+$", (string)t.UserAttrs[StudyPipeline.PortfolioAttr]));
        Assert.All(trials.Skip(2), t => Assert.False(t.UserAttrs.ContainsKey(StudyPipeline.PortfolioAttr)));
    }

    [Fact]
    public void ARecommenderStudyStoresItsDatasMetaFeaturesAndSuggestComparesByThem()
    {
        Assert.Equal(0, Launcher.Run("run", "synthetic-cold-start", "--trials", "3", "--epochs", "1", "--pruner", "none", "--storage", _storage).ExitCode);

        var suggest = Launcher.Run("suggest", "synthetic-cold-start", "--storage", _storage, "--format", "json");

        Assert.True(suggest.ExitCode == 0, suggest.Error);
        MetaFeatures stored;
        using (var storage = LiteDbStorage.OpenReadOnly(_storage))
            stored = MetaFeatures.Read(storage.FindStudy("synthetic-cold-start")!.UserAttrs)!;
        Assert.Equal(["density", "item_feature_size", "items", "rating_max", "rating_mean", "rating_min", "rating_sd", "ratings", "ratings_per_user", "user_feature_fields", "users"],
            stored.Values.Keys);
        Assert.True(stored.Values["users"] >= 400, $"users {stored.Values["users"]}");
        using var json = JsonDocument.Parse(suggest.Output);
        Assert.Equal(stored.Values["users"], json.RootElement.GetProperty("meta_features").GetProperty("users").GetDouble());
        // The same data, so distance 0 and weight 1: its three configurations, the best first.
        Assert.Equal(3, SuggestedParams(suggest).Count);
        Assert.Equal(0, json.RootElement.GetProperty("configurations")[0].GetProperty("expected_quantile").GetDouble());
    }

    [Fact]
    public void SuggestWithNothingToLearnFromSaysSoAndBadInputIsAUsageError()
    {
        // Other parameters (lr, batch, steps, algo) than branin's x1 and x2: nothing to learn from.
        Assert.Equal(0, Launcher.Run("run", "functions-mixed", "--trials", "3", "--storage", _storage).ExitCode);

        var nothing = Launcher.Run("suggest", "functions-branin", "--storage", _storage);
        var count = Launcher.Run("suggest", "functions-branin", "--count", "0", "--storage", _storage);
        var unknown = Launcher.Run("suggest", "no-such-study", "--storage", _storage);

        Assert.Equal(0, nothing.ExitCode);
        Assert.Contains("No earlier study in", nothing.Output);
        Assert.Contains("nothing to suggest", nothing.Output);
        Assert.Equal(2, count.ExitCode);
        Assert.Equal("metaopt: invalid --count '0': use a whole number from 1 to 100 (see 'metaopt suggest --help')", Assert.Single(count.ErrorLines));
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("'no-such-study'", Assert.Single(unknown.ErrorLines));
    }
}
