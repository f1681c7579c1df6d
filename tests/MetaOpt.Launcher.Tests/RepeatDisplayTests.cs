using System.Text.Json;
using MetaOpt.TestSupport;

namespace MetaOpt.Launcher.Tests;

/// <summary><c>show</c>, <c>best</c> and <c>export</c> of a study whose configurations were repeated.</summary>
public sealed class RepeatDisplayTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly string _storage;

    public RepeatDisplayTests()
    {
        _storage = _directory.File("studies.db");
        using var storage = new LiteDbStorage(_storage);
        var study = Study.Create("noisy", new StudyOptions { Storage = storage, Seed = 2, Sampler = new RandomSampler(seed: 1) });
        new StudyDeclarations { Metrics = [new MetricDeclaration("test_mae", "test MAE", Direction.Minimize)] }.Store(study);
        // Configuration 0: 1, 2, 3 (mean 2); configuration 1: 0.5 once (the best single draw); configuration 2: 4, 5, 6 (mean 5).
        RepeatedTrials.Add(study, [(0.1, 1, null), (0.2, 0.5, null), (0.3, 4, null), (0, 2, 0), (0, 3, 0), (0, 5, 2), (0, 6, 2)], "test_mae", 10);
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void ShowNamesTheConfigurationARepeatRepeatsAndTheMeanOnItsFirstRowAndSaysWhetherTheTopTwoDiffer()
    {
        var outcome = Launcher.Run("show", "noisy", "--storage", _storage);

        Assert.Equal(0, outcome.ExitCode);
        var rows = outcome.Output.Split('\n');
        Assert.Contains("mean (n)", rows[0]);
        Assert.Matches(@"^\s*0\s+Complete\s+1\s+2 \(3\)", rows.First(r => r.TrimStart().StartsWith("0 ", StringComparison.Ordinal)));
        Assert.Matches(@"^\s*4\s+Complete\s+3\s+#0\s", rows.First(r => r.TrimStart().StartsWith("4 ", StringComparison.Ordinal)));
        // Means 2 and 5, sd 1 each over 3 runs on each configuration's own seeds: Welch's p = 0.021, and the difference
        // -3 ± t(0.975, 4) · √(2/3).
        Assert.Contains("  #0: mean 2, 95% interval -0.484138 to 4.48414, 3 runs\n" +
                        "  #2: mean 5, 95% interval 2.51586 to 7.48414, 3 runs\n" +
                        "Winner: #0, better than #2 (difference -3 [-5.26696, -0.733042], Welch's test at 5%).", outcome.Output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void BestReportsTheRepeatedWinnerWithItsIntervalAndMetricMeansBesideTheBestSingleTrial()
    {
        var outcome = Launcher.Run("best", "noisy", "--storage", _storage);

        Assert.Equal(0, outcome.ExitCode);
        using var json = JsonDocument.Parse(outcome.Output);
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("trial").GetInt32());
        var winner = root.GetProperty("winner");
        Assert.Equal(0, winner.GetProperty("configuration").GetInt32());
        Assert.Equal([0, 3, 4], winner.GetProperty("trials").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(3, winner.GetProperty("seeds").EnumerateArray().Select(e => e.GetInt32()).Distinct().Count());
        Assert.Equal(2, winner.GetProperty("value").GetProperty("mean").GetDouble(), 12);
        Assert.Equal(-0.484138, winner.GetProperty("value").GetProperty("low").GetDouble(), 6);
        Assert.Equal(20, winner.GetProperty("metrics").GetProperty("test_mae").GetProperty("mean").GetDouble(), 12);
        Assert.Equal([0, 2], root.GetProperty("repeated").EnumerateArray().Select(e => e.GetProperty("configuration").GetInt32()));
        Assert.True(root.GetProperty("top_two_told_apart").GetBoolean());
        // Welch's interval of 2 − 5 (the repeats are on each configuration's own seeds): -3 ± t(0.975, 4) · √(2/3).
        var difference = root.GetProperty("top_two_difference");
        Assert.Equal((-3.0, 0), (difference.GetProperty("mean").GetDouble(), difference.GetProperty("paired_seeds").GetInt32()));
        Assert.Equal(-5.266958, difference.GetProperty("low").GetDouble(), 6);
        Assert.Equal(-0.733042, difference.GetProperty("high").GetDouble(), 6);
    }

    [Fact]
    public void ExportCarriesEachTrialsSeedConfigurationAndRepeat()
    {
        var json = Launcher.Run("export", "noisy", "--storage", _storage, "--format", "json");
        var csv = Launcher.Run("export", "noisy", "--storage", _storage, "--format", "csv");

        using var document = JsonDocument.Parse(json.Output);
        var trials = document.RootElement.GetProperty("trials").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2, 0, 0, 2, 2], trials.Select(t => t.GetProperty("configuration").GetInt32()));
        Assert.Equal([0, 0, 0, 1, 2, 1, 2], trials.Select(t => t.GetProperty("repeat").GetInt32()));
        Assert.Equal(0, document.RootElement.GetProperty("winner").GetProperty("configuration").GetInt32());
        var lines = csv.Output.Split('\n');
        var header = lines[0].Split(',');
        var (configuration, repeat) = (Array.IndexOf(header, "configuration"), Array.IndexOf(header, "repeat"));
        Assert.Equal(("2", "2"), (lines[7].Split(',')[configuration], lines[7].Split(',')[repeat]));
        Assert.Equal(trials[6].GetProperty("seed").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), lines[7].Split(',')[Array.IndexOf(header, "seed")]);
    }
}
