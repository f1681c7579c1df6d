namespace MetaOpt.Reports.Tests;

public class BaselineComparisonTests
{
    [Fact]
    public void Names_the_winning_strategy_and_its_margin_over_the_best_baseline_on_each_user_set()
    {
        var study = SyntheticStudies.LearningCurves();
        study.SetUserAttr("global_zero_shot_val_mae", 0.93);
        study.SetUserAttr("global_finetuned_val_mae", 0.72);
        study.SetUserAttr("global_mean_val_mae", 1.0);
        var best = study.BestTrial;

        var comparison = BaselineComparison.Of(StudySnapshot.Of(study), new ReportOptions())!;

        Assert.Equal((string)best.Params["algo"], comparison.Strategy);
        Assert.Equal(new BaselineMargin(best.Value!.Value, "global_finetuned_val_mae", 0.72, 0.72 - best.Value.Value), comparison.Validation);
        var test = (double)best.UserAttrs["meta_test_mae"];
        Assert.Equal(new BaselineMargin(test, "global_finetuned_mae", 0.91, 0.91 - test), comparison.Test);

        using var dir = new ReportTempDir();
        var html = File.ReadAllText(StudyReport.Write(study, dir.Path).HtmlPath);
        Assert.Contains($"Winning strategy: {comparison.Strategy}.", html);
        Assert.Contains("On the test users it", html);
    }

    [Fact]
    public void A_study_without_baselines_or_strategy_has_only_what_it_stored()
    {
        var study = Study.Create("plain", new StudyOptions { Sampler = new RandomSampler(1), Direction = Direction.Maximize });
        study.Optimize(t => t.SuggestFloat("x", 0, 1), nTrials: 3);

        Assert.Equal(new BaselineComparison(null, null, null), BaselineComparison.Of(StudySnapshot.Of(study), new ReportOptions()));
    }
}
