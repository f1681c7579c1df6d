namespace MetaOpt.Reports.Tests;

public sealed class FanovaImportanceTests
{
    [Fact]
    public void ADominantParameterIsRankedFirstAndSharesSumToOne()
    {
        var study = Study.Create("dominant", new StudyOptions { Sampler = new RandomSampler(7) });
        study.Optimize(t =>
        {
            var x = t.SuggestFloat("x", -1, 1);
            var y = t.SuggestFloat("y", -1, 1);
            var c = t.SuggestCategorical("c", ["a", "b", "c"]);
            return 10 * x * x + 0.3 * y + (c == "b" ? 0.05 : 0);
        }, trials: 60, stopOnCtrlC: false);

        var result = new FanovaImportanceEvaluator(seed: 0).Evaluate(study.Trials);

        Assert.Equal("x", result.Importances[0].Parameter);
        Assert.True(result.Of("x") > 0.8, $"x explains {result.Of("x"):P1}, expected over 80%");
        Assert.Equal(1.0, result.Importances.Sum(p => p.Importance), 9);
        Assert.Equal(60, result.TrialsUsed);
    }

    [Fact]
    public void TheSyntheticLearningCurveStudyRanksTheLearningRateFirstInTheReport()
    {
        // 60 trials: with 30, the random forest puts lr first for 10 seeds of 12 (the objective's dependence on lr is
        // 300 times that on noise, but only about half the trials complete); with 60, for all 12.
        var report = new StudyReport(SyntheticStudies.LearningCurves(trials: 60));

        Assert.Equal("lr", report.Importance.Importances[0].Parameter);
        Assert.Equal("fANOVA on a random forest", report.Importance.Method);
    }

    [Fact]
    public void TheSameSeedGivesTheSameImportances()
    {
        var trials = SyntheticStudies.LearningCurves(trials: 15).Trials;

        var first = new FanovaImportanceEvaluator(seed: 3).Evaluate(trials);
        var second = new FanovaImportanceEvaluator(seed: 3).Evaluate(trials);

        Assert.Equal(first.Importances, second.Importances);
    }
}
