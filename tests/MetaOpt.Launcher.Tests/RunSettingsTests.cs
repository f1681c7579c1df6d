using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace MetaOpt.Launcher.Tests;

/// <summary>What a run stores about its settings: a history of every run, notes when they change, nothing when there is nothing to run.</summary>
public sealed class RunSettingsTests : IDisposable
{
    private const string StudyName = "functions-branin";
    private readonly TemporaryDirectory _directory = new();
    private readonly string _storage;

    public RunSettingsTests() => _storage = _directory.File("studies.db");

    public void Dispose() => _directory.Dispose();

    private LauncherOutcome RunStudy(int trials, params string[] extra) =>
        Launcher.Run(["run", StudyName, "--trials", trials.ToString(CultureInfo.InvariantCulture), "--storage", _storage, .. extra]);

    [Fact]
    public void ResumingWithAnotherSamplerAndSeedIsNotedAndKeptInTheHistory()
    {
        Assert.Equal(0, RunStudy(3).ExitCode);

        var resumed = RunStudy(5, "--sampler", "random", "--seed", "4");

        Assert.Equal(0, resumed.ExitCode);
        Assert.Equal(
            [
                "metaopt: note: sampler changed from auto to random for this run; earlier trials came from auto",
                "metaopt: note: seed changed from 0 to 4 for this run; earlier trials came from 0",
            ],
            resumed.ErrorLines);
        var runs = Runs();
        Assert.Equal(["auto", "random"], runs.Select(r => r.GetProperty("sampler").GetString()));
        Assert.Equal([0, 4], runs.Select(r => r.GetProperty("seed").GetInt32()));
        Assert.Equal([3, 5], runs.Select(r => r.GetProperty("trials").GetInt32()));
        Assert.All(runs, r => Assert.Equal(MetaOpt.Studies.BuildInfo.Version, r.GetProperty("version").GetString()));
        // A function study uses neither a device nor epochs, so its runs do not pretend to.
        Assert.All(runs, r => Assert.False(r.TryGetProperty("device", out _)));
    }

    [Fact]
    public void AskingForFewerTrialsThanFinishedChangesNothingStored()
    {
        Assert.Equal(0, RunStudy(4).ExitCode);
        var before = SHA256.HashData(File.ReadAllBytes(_storage));

        var outcome = RunStudy(2, "--sampler", "random");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("already has 4 finished trials (asked for 2)", outcome.Output);
        Assert.Empty(outcome.ErrorLines);
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(_storage)));
    }

    [Fact]
    public void RunWithReportOnAFinishedStudyWritesTheReport()
    {
        Assert.Equal(0, RunStudy(4).ExitCode);
        var folder = _directory.File("report");

        var outcome = RunStudy(4, "--report", folder);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("already has 4 finished trials", outcome.Output);
        Assert.True(new FileInfo(Path.Combine(folder, "report.html")).Length > 0);
        Assert.Contains("Runs of this study", File.ReadAllText(Path.Combine(folder, "report.html")));
    }

    [Fact]
    public void OptionsTheStudyDoesNotUseAreNotedAsIgnored()
    {
        var outcome = RunStudy(2, "--device", "cuda", "--epochs", "3");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(
            [
                "metaopt: note: study 'functions-branin' does not use --device; it is ignored",
                "metaopt: note: study 'functions-branin' does not use --epochs; it is ignored",
            ],
            outcome.ErrorLines);
    }

    private List<JsonElement> Runs()
    {
        using var storage = new LiteDbStorage(_storage);
        var text = (string)storage.FindStudy(StudyName)!.UserAttrs["runs"];
        return JsonDocument.Parse(text).RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }
}
