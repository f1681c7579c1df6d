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
        Assert.Contains($"Winning strategy: {comparison.Strategy}.", html);
        Assert.Contains("Against the test baselines it", html);
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
        Assert.Contains($"Winning strategy: {comparison.Strategy}.", html);
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
