using MetaOpt.TestSupport;

namespace MetaOpt.Reports.Tests;

public class ConfirmedConfigurationsTests
{
    // Configuration 0: 1, 2, 3 (mean 2, interval -0.484138 to 4.48414); configuration 1: 4, 5, 6; configuration 2: 0.5 once.
    private static Study Confirmed()
    {
        var study = Study.Create("s", new StudyOptions { Seed = 1, Sampler = new RandomSampler(seed: 1) });
        new StudyDeclarations
        {
            Metrics = [new MetricDeclaration("test_mae", "test MAE", Direction.Minimize)],
            Baselines = [new BaselineDeclaration("mean_val", "global mean", "validation"), new BaselineDeclaration("mean_test", "global mean", "test", "test_mae")],
        }.Store(study);
        RepeatedTrials.Add(study, [(0.1, 1, null), (0.2, 4, null), (0.3, 0.5, null), (0, 2, 0), (0, 3, 0), (0, 5, 1), (0, 6, 1)], "test_mae", 0.1);
        // Baseline runs: validation 2.1, 2.2, 2.3 (not told apart from 1, 2, 3); test 0.9, 1.0, 1.1 (worse than 0.1, 0.2, 0.3).
        foreach (var (seed, val, test) in new[] { (7, 2.1, 0.9), (8, 2.2, 1.0), (9, 2.3, 1.1) })
            BaselineRuns.Add(study, new BaselineRun(seed, new Dictionary<string, double> { ["mean_val"] = val, ["mean_test"] = test }));
        return study;
    }

    [Fact]
    public void TheWinnerIsTheBestRepeatedMeanComparedWithTheRunnerUpAndTheBaselinesMeans()
    {
        var study = Confirmed();

        var comparisons = ConfirmedBaselines.Of(study.UserAttrs, study.Direction, ConfigurationResult.Winner(study.Configurations));

        Assert.Equal(["validation", "test"], comparisons.Select(c => c.Group));
        Assert.Equal((false, true), (comparisons[0].ToldApart, comparisons[0].WinnerBetter));
        Assert.Equal((true, true), (comparisons[1].ToldApart, comparisons[1].WinnerBetter));
        Assert.Equal(0.2, comparisons[1].Winner.Mean, 12);
        Assert.Equal(1.0, comparisons[1].BaselineEstimate.Mean, 12);
        Assert.Equal("test MAE", comparisons[1].Compared);
    }

    [Fact]
    public void TheReportTablesEachRepeatedConfigurationAndBaselineWithItsIntervalAndSaysWhatCanBeToldApart()
    {
        var study = Confirmed();

        using var dir = new ReportTempDir();
        var html = File.ReadAllText(StudyReport.Write(study, dir.Path).HtmlPath);

        Assert.Contains("Confirmed configurations", html);
        Assert.Contains("<td>-0.484138 to 4.48414</td>", html);
        Assert.Contains("The winner is #0: its mean is better than #1&#39;s by Welch&#39;s test at 5%.", html);
        Assert.Contains("Against the validation baselines (objective), global mean: cannot be told apart (Welch&#39;s test at 5%).", html);
        Assert.Contains("Against the test baselines (test MAE), global mean: the winner is better (Welch&#39;s test at 5%).", html);
        Assert.DoesNotContain(BaselineRuns.AttributeKey, html);
    }
}
