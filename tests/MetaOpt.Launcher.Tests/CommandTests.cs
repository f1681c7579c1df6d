using System.Globalization;
using System.Text.Json;

namespace MetaOpt.Launcher.Tests;

/// <summary>The happy path of every command, on a cheap benchmark-function study stored in a temporary LiteDB file.</summary>
public sealed class CommandTests : IDisposable
{
    private const string StudyName = "functions-branin";
    private readonly TemporaryDirectory _directory = new();
    private readonly string _storage;

    public CommandTests() => _storage = _directory.File("studies.db");

    public void Dispose() => _directory.Dispose();

    private LauncherOutcome RunStudy(int trials, params string[] extra) =>
        Launcher.Run(["run", StudyName, "--trials", trials.ToString(CultureInfo.InvariantCulture), "--storage", _storage, "--seed", "3", .. extra]);

    [Fact]
    public void StudiesListsTheDefinitionsWithTheirParameters()
    {
        var outcome = Launcher.Run("studies");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("functions-branin", outcome.Output);
        Assert.Contains("x1, x2", outcome.Output);
        Assert.Contains("lr, batch, steps, algo", outcome.Output);
    }

    [Fact]
    public void RunStoresTheTrialsWithTheirAttributesAndPrintsTheBest()
    {
        var outcome = RunStudy(12, "--sampler", "random");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(12, outcome.Output.Split('\n').Count(l => l.StartsWith("trial ", StringComparison.Ordinal) && l.Contains(" complete ")));
        Assert.Contains("Study 'functions-branin': 12 trials (12 complete, 0 pruned, 0 failed)", outcome.Output);
        using var storage = new LiteDbStorage(_storage);
        var trials = storage.GetAllTrials(StudyName);
        Assert.Equal(12, trials.Count);
        Assert.All(trials, t =>
        {
            Assert.IsType<double>(t.UserAttrs["seconds"]);
            Assert.Equal(MetaOpt.Studies.BuildInfo.Version, t.UserAttrs["version"]);
        });
        Assert.Equal("random", storage.FindStudy(StudyName)!.UserAttrs["sampler"]);
    }

    [Fact]
    public void RunAgainWithTheSameCommandAddsNothingAndALargerCountContinuesTheNumbering()
    {
        RunStudy(5);

        var again = RunStudy(5);
        var more = RunStudy(8);

        Assert.Equal(0, again.ExitCode);
        Assert.Contains("already has 5 finished trials", again.Output);
        Assert.Equal(0, more.ExitCode);
        Assert.Contains("running 3 more", more.Output);
        using var storage = new LiteDbStorage(_storage);
        Assert.Equal(Enumerable.Range(0, 8), storage.GetAllTrials(StudyName).Select(t => t.Number));
    }

    [Fact]
    public void ListShowsEachStudyWithCountsAndBest()
    {
        RunStudy(6);
        RunStudy(4, "--name", "branin-random", "--sampler", "random");
        var best = BestValue(StudyName);

        var outcome = Launcher.Run("list", "--storage", _storage);

        Assert.Equal(0, outcome.ExitCode);
        var row = outcome.Output.Split('\n').Single(l => l.TrimStart().StartsWith(StudyName + " ", StringComparison.Ordinal));
        Assert.Contains(" 6 ", row);
        Assert.Contains(best.ToString("G6", CultureInfo.InvariantCulture), row);
        Assert.Contains("branin-random", outcome.Output);
    }

    [Fact]
    public void ShowSortsByValueBestFirst()
    {
        RunStudy(10);

        var byValue = Launcher.Run("show", StudyName, "--storage", _storage, "--sort", "value");
        var byNumber = Launcher.Run("show", StudyName, "--storage", _storage);

        Assert.Equal(0, byValue.ExitCode);
        Assert.Equal(Values(byValue.Output).Order(), Values(byValue.Output));
        Assert.Equal(Enumerable.Range(0, 10), Numbers(byNumber.Output));
    }

    [Fact]
    public void BestPrintsTheBestTrialAsJson()
    {
        RunStudy(10);

        var outcome = Launcher.Run("best", StudyName, "--storage", _storage);

        Assert.Equal(0, outcome.ExitCode);
        using var json = JsonDocument.Parse(outcome.Output);
        Assert.Equal(BestValue(StudyName), json.RootElement.GetProperty("value").GetDouble());
        Assert.Equal(JsonValueKind.Number, json.RootElement.GetProperty("params").GetProperty("x1").ValueKind);
        Assert.Equal("minimize", json.RootElement.GetProperty("direction").GetString());
    }

    [Fact]
    public void ExportWritesCsvAndJsonWithEveryTrial()
    {
        RunStudy(7);

        var csv = Launcher.Run("export", StudyName, "--storage", _storage, "--format", "csv");
        var jsonFile = _directory.File("trials.json");
        var json = Launcher.Run("export", StudyName, "--storage", _storage, "--format", "json", "--out", jsonFile);

        Assert.Equal(0, csv.ExitCode);
        var lines = csv.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(8, lines.Length);
        Assert.StartsWith("number,state,value,", lines[0]);
        Assert.Contains("params_x1", lines[0]);
        Assert.Equal(0, json.ExitCode);
        using var document = JsonDocument.Parse(File.ReadAllText(jsonFile));
        Assert.Equal(7, document.RootElement.GetProperty("trials").GetArrayLength());
    }

    [Fact]
    public void GpSamplerWarmStartedFromAnotherStudyRuns()
    {
        RunStudy(12, "--sampler", "random", "--name", "source");

        var outcome = RunStudy(3, "--sampler", "gp", "--warm-start", "source");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("3 complete", outcome.Output);
    }

    [Fact]
    public void ReportWritesTheHtmlPageAndNonEmptyPlots()
    {
        RunStudy(8);
        RunStudy(8, "--name", "branin-random", "--sampler", "random");
        var folder = _directory.File("report");

        var outcome = Launcher.Run("report", StudyName, "--storage", _storage, "--out", folder, "--compare", "branin-random");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains(Path.Combine(folder, "report.html"), outcome.Output);
        Assert.Contains(Path.Combine(folder, "comparison.html"), outcome.Output);
        Assert.All(Directory.GetFiles(folder), f => Assert.True(new FileInfo(f).Length > 0, f));
        Assert.Contains(Directory.GetFiles(folder, "*.png"), f => f.EndsWith("comparison.png", StringComparison.Ordinal));
        Assert.Contains(StudyName, File.ReadAllText(Path.Combine(folder, "report.html")));
    }

    [Fact]
    public void RunWithReportWritesTheReportWhenItEnds()
    {
        var folder = _directory.File("after-run");

        var outcome = RunStudy(6, "--report", folder);

        Assert.Equal(0, outcome.ExitCode);
        Assert.True(new FileInfo(Path.Combine(folder, "report.html")).Length > 0);
        Assert.NotEmpty(Directory.GetFiles(folder, "*.png"));
    }

    private double BestValue(string study)
    {
        using var storage = new LiteDbStorage(_storage);
        return storage.GetAllTrials(study).Where(t => t.State == TrialState.Complete).Min(t => t.Value!.Value);
    }

    // Table rows start with the trial number; the value is the third cell.
    private static IEnumerable<string[]> Rows(string table) =>
        table.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(cells => cells.Length > 3 && int.TryParse(cells[0], CultureInfo.InvariantCulture, out _));

    private static List<double> Values(string table) => Rows(table).Select(c => double.Parse(c[2], CultureInfo.InvariantCulture)).ToList();

    private static List<int> Numbers(string table) => Rows(table).Select(c => int.Parse(c[0], CultureInfo.InvariantCulture)).ToList();
}
