namespace MetaOpt.Reports.Tests;

public class OutlierViewTests
{
    [Fact]
    public void HistoryWithAnExplodedTrialKeepsTheViewOnTheOtherValues()
    {
        var study = Study.Create("exploded", new StudyOptions { Sampler = new RandomSampler(seed: 1) });
        for (var i = 0; i < 20; i++)
        {
            var trial = study.Ask();
            var x = trial.SuggestFloat("x", 0, 1);
            study.Tell(trial, i == 7 ? 117.0 : 0.9 + 0.1 * x);
        }

        var limits = OptimizationHistoryPlot.Create(StudySnapshot.Of(study)).Axes.GetLimits();

        Assert.InRange(limits.Top, 0.95, 1.05);
        Assert.InRange(limits.Bottom, 0.85, 0.95);
    }

    [Fact]
    public void HistoryWithoutOutliersKeepsEveryValueInView()
    {
        var study = Study.Create("tame", new StudyOptions { Sampler = new RandomSampler(seed: 1) });
        for (var i = 0; i < 20; i++)
        {
            var trial = study.Ask();
            // Values within one decade: the axis stays linear whatever the draws (from two decades on it is logarithmic).
            study.Tell(trial, trial.SuggestFloat("x", 1, 10));
        }
        var plot = OptimizationHistoryPlot.Create(StudySnapshot.Of(study));
        plot.Axes.AutoScale();

        var limits = plot.Axes.GetLimits();

        Assert.True(limits.Top >= study.Trials.Max(t => t.Value!.Value));
        Assert.DoesNotContain(plot.Legend.ManualItems, item => item.LabelText.Contains("outside the view"));
    }
}
