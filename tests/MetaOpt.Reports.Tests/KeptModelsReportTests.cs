namespace MetaOpt.Reports.Tests;

public class KeptModelsReportTests
{
    // Four trials with values 0.4, 0.1, 0.3, 0.2, each keeping a file of 100 · (number + 1) bytes; the keep policy
    // keeps the 2 best (#1 and #3) and lets go of #0's and #2's files.
    private static Study WithKeptModels(string artifacts)
    {
        var study = Study.Create("kept", new StudyOptions
        {
            Seed = 1,
            Sampler = new RandomSampler(seed: 1),
            Artifacts = new LocalArtifactStore(artifacts),
            KeepArtifacts = new ArtifactKeepPolicy { Top = 2 },
        });
        double[] values = [0.4, 0.1, 0.3, 0.2];
        study.Optimize(trial =>
        {
            trial.SuggestFloat("x", 0, 1);
            trial.SaveArtifact("model.bin", new MemoryStream(Enumerable.Repeat((byte)trial.Number, 100 * (trial.Number + 1)).ToArray()));
            return values[trial.Number];
        }, trials: 4);
        return study;
    }

    private static StudyEnsemble Ensemble(double best, double ensemble) => new()
    {
        TopK = 2,
        Rounds = 20,
        Measure = "MAE",
        Direction = Direction.Minimize,
        SelectedOn = "94 meta-validation users",
        ComparedOn = "189 meta-test users",
        Rows =
        [
            new EnsembleComparisonRow(StudyEnsemble.BestRow, "trial 1", 0.1, best, new Dictionary<string, double> { ["RMSE"] = 1.25 }),
            new EnsembleComparisonRow(StudyEnsemble.AverageRow, "2 models, equal weights", 0.12, 0.95, new Dictionary<string, double> { ["RMSE"] = 1.3 }),
            new EnsembleComparisonRow(StudyEnsemble.EnsembleRow, "2 models, 20 rounds", 0.09, ensemble, new Dictionary<string, double> { ["RMSE"] = 1.2 }),
        ],
        Members = [new EnsembleMember(1, 0.1, 15, 0.75), new EnsembleMember(3, 0.2, 5, 0.25)],
    };

    [Fact]
    public void TheReportListsTheTrialsThatKeepModelsAndTheEnsembleAgainstTheBestTrial()
    {
        using var dir = new ReportTempDir();
        var study = WithKeptModels(Path.Combine(dir.Path, "artifacts"));
        Ensemble(0.9, 0.88).Store(study);

        var html = File.ReadAllText(StudyReport.Write(study, Path.Combine(dir.Path, "report")).HtmlPath);

        Assert.Contains("<h2>Kept models</h2>", html);
        Assert.Contains("Trials that keep their files (2; the keep policy let go of 2 others&#39; files), best first", html);
        Assert.Contains("<td>model.bin (200 B)</td>", html);
        Assert.Contains("<td>model.bin (400 B)</td>", html);
        Assert.DoesNotContain("model.bin (100 B)", html);
        Assert.DoesNotContain("model.bin (300 B)", html);
        // Best first: #1 (0.1) before #3 (0.2).
        Assert.True(html.IndexOf("model.bin (200 B)", StringComparison.Ordinal) < html.IndexOf("model.bin (400 B)", StringComparison.Ordinal));
        Assert.Contains("Together 600 B on disk", html);
        Assert.Contains("the ensemble won against the best single trial (trial 1) on 189 meta-test users: won by 0.02 in MAE (0.88 against 0.9, -2.2%)", html);
        Assert.Contains("<td>2 models, 20 rounds</td>", html);
        Assert.Contains("<td>#3</td>", html);
        Assert.Contains("<td class=\"number\">0.25</td>", html);
        // The stored ensemble is a section, not a setting dumped as JSON.
        Assert.DoesNotContain(StudyEnsemble.AttributeKey, html);
    }

    [Fact]
    public void AnEnsembleThatLostSaysBySoMuch()
    {
        using var dir = new ReportTempDir();
        var study = WithKeptModels(Path.Combine(dir.Path, "artifacts"));
        Ensemble(0.9, 0.95).Store(study);

        var html = File.ReadAllText(StudyReport.Write(study, Path.Combine(dir.Path, "report")).HtmlPath);

        Assert.Contains("the ensemble did not win against the best single trial (trial 1) on 189 meta-test users: lost by 0.05 in MAE (0.95 against 0.9, 5.6%)", html);
    }

    [Fact]
    public void AStudyThatKeepsNothingHasNoKeptModelsSection()
    {
        using var dir = new ReportTempDir();
        var study = Study.Create("plain", new StudyOptions { Seed = 1, Sampler = new RandomSampler(seed: 1) });
        study.Optimize(trial => trial.SuggestFloat("x", 0, 1), trials: 3);

        var html = File.ReadAllText(StudyReport.Write(study, Path.Combine(dir.Path, "report")).HtmlPath);

        Assert.DoesNotContain("Kept models", html);
    }
}
