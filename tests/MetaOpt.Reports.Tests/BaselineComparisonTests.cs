namespace MetaOpt.Reports.Tests;

public class BaselineComparisonTests
{
    [Fact]
    public void NamesTheWinningStrategyAndItsMarginOverTheBestBaselineOnEachUserSet()
    {
        var study = SyntheticStudies.LearningCurves();
        study.SetUserAttr("global_zero_shot_val_mae", 0.93);
        study.SetUserAttr("global_finetuned_val_mae", 0.72);
        study.SetUserAttr("global_mean_val_mae", 1.0);
        var best = study.BestTrial;

        var comparison = BaselineComparison.Of(StudySnapshot.Of(study), new ReportOptions())!;

        Assert.Equal((string)best.Params["algo"], comparison.Strategy);
        Assert.Equal(["validation", "test"], comparison.Margins.Select(m => m.Group));
        Assert.Equal(new BaselineMargin("validation", best.Value!.Value, "global_finetuned_val_mae", 0.72, 0.72 - best.Value.Value), comparison["validation"]);
        var test = (double)best.UserAttrs["meta_test_mae"];
        Assert.Equal(new BaselineMargin("test", test, "global_finetuned_mae", 0.91, 0.91 - test), comparison["test"]);

        using var dir = new ReportTempDir();
        var html = File.ReadAllText(StudyReport.Write(study, dir.Path).HtmlPath);
        Assert.Contains($"Winning strategy: {comparison.Strategy}, from a single run (trial #{best.Number})", html);
        Assert.Null(comparison.Confirmed);
        Assert.Contains("Against the test baselines it", html);
    }

    [Fact]
    public void AConfirmedStudysVerdictComesFromTheConfirmedMeansAndTheBaselinesRunsNotFromItsLuckiestRun()
    {
        var study = Study.Create("strategies", new StudyOptions { Seed = 1, Sampler = new RandomSampler(seed: 1) });
        new StudyDeclarations
        {
            Metrics = [new("test_mae", "test MAE", Direction.Minimize)],
            Baselines = [new("mean_val", "global mean", "validation"), new("ft_test", "fine-tuned", "test", "test_mae")],
            StrategyParameters = ["algo"],
        }.Store(study);
        study.SetUserAttr("mean_val", 0.90);
        study.SetUserAttr("ft_test", 0.83);
        void Run(string algo, double value, double test, int? repeatOf)
        {
            if (repeatOf is { } first)
                study.EnqueueRepeat(study.Trials[first]);
            else
                study.EnqueueTrial(new Dictionary<string, object> { ["algo"] = algo, ["x"] = 0.5 });
            var trial = study.Ask();
            trial.SuggestCategorical("algo", ["cold", "transfer"]);
            trial.SuggestFloat("x", 0, 1);
            trial.SetUserAttr("test_mae", test);
            study.Tell(trial, value);
        }
        // One run each: cold's lucky 0.70 wins.
        Run("cold", 0.70, 0.75, null);
        Run("transfer", 0.80, 0.83, null);
        var single = BaselineComparison.Of(StudySnapshot.Of(study), new ReportOptions())!;

        // Confirmed: cold 0.70, 0.95, 0.90 (mean 0.85); transfer 0.80, 0.78, 0.82 (mean 0.80, test 0.83, 0.85, 0.87).
        // Baselines over the same number of runs: validation 0.90, 0.92, 0.94 (mean 0.92, Welch p 0.002 against
        // 0.80); test 0.83, 0.88, 0.93 (mean 0.88, p 0.41 against 0.85).
        Run("", 0.95, 1.00, 0);
        Run("", 0.90, 0.95, 0);
        Run("", 0.78, 0.85, 1);
        Run("", 0.82, 0.87, 1);
        foreach (var (seed, val, test) in new[] { (7, 0.90, 0.83), (8, 0.92, 0.88), (9, 0.94, 0.93) })
            BaselineRuns.Add(study, new BaselineRun(seed, new Dictionary<string, double> { ["mean_val"] = val, ["ft_test"] = test }));
        var confirmed = BaselineComparison.Of(StudySnapshot.Of(study), new ReportOptions())!;

        Assert.Equal(("cold", (ConfigurationResult?)null), (single.Strategy, single.Confirmed));
        Assert.Equal(0.90 - 0.70, single["validation"]!.Improvement, 12);
        Assert.Equal(0.83 - 0.75, single["test"]!.Improvement, 12);
        Assert.Equal(("transfer", 1, 3), (confirmed.Strategy, confirmed.Confirmed!.Configuration, confirmed.Confirmed.Repeats));
        Assert.Equal(("mean_val", 0.80, 0.92), (confirmed["validation"]!.Baseline, Math.Round(confirmed["validation"]!.Value, 12), Math.Round(confirmed["validation"]!.BaselineValue, 12)));
        Assert.Equal(0.12, confirmed["validation"]!.Improvement, 12);
        Assert.Equal(0.03, confirmed["test"]!.Improvement, 12);
        Assert.Equal([true, false], confirmed.ConfirmedMargins.Select(m => m.ToldApart));

        using var dir = new ReportTempDir();
        var html = File.ReadAllText(StudyReport.Write(study, dir.Path).HtmlPath);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(
            "Winning strategy: transfer, by the mean of configuration #1 over 3 runs. " +
            "Against the validation baselines it beats the best one, mean_val 0.92, by 0.12 (means over 3 and 3 runs: told apart by Welch's test at 5%). " +
            "Against the test baselines it beats the best one, ft_test 0.88, by 0.03 (means over 3 and 3 runs: cannot be told apart by Welch's test at 5%)."), html);
    }

    [Fact]
    public void AStudyWithoutBaselinesOrStrategyHasOnlyWhatItStored()
    {
        var study = Study.Create("plain", new StudyOptions { Sampler = new RandomSampler(1), Direction = Direction.Maximize });
        study.Optimize(t => t.SuggestFloat("x", 0, 1), trials: 3);

        var comparison = BaselineComparison.Of(StudySnapshot.Of(study), new ReportOptions())!;
        Assert.Null(comparison.Strategy);
        Assert.Empty(comparison.Margins);
    }

    [Fact]
    public void AStudyThatStoresBaselinesWithoutDeclaringThemIsReportedWithoutMargins()
    {
        var study = SyntheticStudies.LearningCurves();
        study.SetUserAttr(StudyDeclarations.AttributeKey, StudyDeclarationsJson.Write(StudyDeclarations.None));

        var comparison = BaselineComparison.Of(StudySnapshot.Of(study), new ReportOptions())!;

        Assert.Null(comparison.Strategy);
        Assert.Empty(comparison.Margins);
        using var dir = new ReportTempDir();
        var html = File.ReadAllText(StudyReport.Write(study, dir.Path).HtmlPath);
        Assert.DoesNotContain("Winning strategy", html);
        Assert.Contains("global_finetuned_mae", html);
    }

    [Fact]
    public void AUserStudyGetsTheMarginsOfItsOwnMetricAndBaselinesInTheirDirection()
    {
        // A classifier maximising accuracy: its own metric, a baseline compared with it and one with the objective.
        var study = Study.Create("classifier", new StudyOptions { Sampler = new RandomSampler(2), Direction = Direction.Maximize });
        new StudyDeclarations
        {
            Metrics = [new("holdout_accuracy", "hold-out accuracy", Direction.Maximize)],
            Baselines = [new("majority_accuracy", "majority class", "hold-out", "holdout_accuracy"), new("logistic_cv", "logistic regression", "cross-validation")],
            StrategyParameters = ["model"],
        }.Store(study);
        study.SetUserAttr("majority_accuracy", 0.6);
        study.SetUserAttr("logistic_cv", 0.95);
        study.Optimize(trial =>
        {
            var model = trial.SuggestCategorical("model", ["tree", "forest"]);
            var depth = trial.SuggestInt("depth", 1, 8);
            trial.SetUserAttr("holdout_accuracy", 0.5 + 0.05 * depth);
            return (model == "forest" ? 0.55 : 0.5) + 0.05 * depth;
        }, trials: 12);
        var best = study.BestTrial;

        var comparison = BaselineComparison.Of(StudySnapshot.Of(study), new ReportOptions())!;

        Assert.Equal((string)best.Params["model"], comparison.Strategy);
        var holdout = (double)best.UserAttrs["holdout_accuracy"];
        Assert.Equal(new BaselineMargin("hold-out", holdout, "majority_accuracy", 0.6, holdout - 0.6), comparison["hold-out"]);
        Assert.Equal(new BaselineMargin("cross-validation", best.Value!.Value, "logistic_cv", 0.95, best.Value.Value - 0.95), comparison["cross-validation"]);
        using var dir = new ReportTempDir();
        var html = File.ReadAllText(StudyReport.Write(study, dir.Path).HtmlPath);
        Assert.Contains($"Winning strategy: {comparison.Strategy}, from a single run (trial #{best.Number})", html);
        Assert.Contains("Against the hold-out baselines it beats the best one, majority_accuracy", html);
        Assert.Contains("hold-out accuracy (holdout_accuracy)", html);
        Assert.DoesNotContain(StudyDeclarations.AttributeKey, html);
    }

    [Fact]
    public void ExplicitDeclarationsInTheOptionsReplaceTheStudySOwn()
    {
        var study = SyntheticStudies.LearningCurves();
        var options = new ReportOptions { Declarations = new StudyDeclarations { Baselines = [new("global_mean_mae", "global mean", "mean only")] } };

        var comparison = BaselineComparison.Of(StudySnapshot.Of(study), options)!;

        Assert.Null(comparison.Strategy);
        Assert.Equal(["mean only"], comparison.Margins.Select(m => m.Group));
        Assert.Equal(1.02, comparison["mean only"]!.BaselineValue);
    }

    [Fact]
    public void ADamagedDeclarationStopsTheReportNamingTheAttribute()
    {
        var study = SyntheticStudies.LearningCurves();
        study.SetUserAttr(StudyDeclarations.AttributeKey, "{\"metrics\": 3}");

        using var dir = new ReportTempDir();
        var error = Assert.Throws<InvalidDataException>(() => StudyReport.Write(study, dir.Path));

        Assert.Contains($"'{StudyDeclarations.AttributeKey}' is malformed: 'metrics' is not a list", error.Message);
    }
}
