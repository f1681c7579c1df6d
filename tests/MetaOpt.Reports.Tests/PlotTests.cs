using ScottPlot;

namespace MetaOpt.Reports.Tests;

/// <summary>What each plot decides: which values stay in view, which scale an axis gets, how ticks and rows are laid out.</summary>
public sealed class PlotTests
{
    private const double Exploded = 117.0;

    public static TheoryData<string> ValuePlots => ["history", "slice", "contour", "parallel", "edf"];

    [Theory]
    [MemberData(nameof(ValuePlots))]
    public void EveryValuePlotLeavesAnExplodedTrialOutAndSaysSo(string kind)
    {
        var study = StudyWithOneExplodedTrial();

        var plot = kind switch
        {
            "history" => OptimizationHistoryPlot.Create(study),
            "slice" => SlicePlot.Create(study, "x"),
            "contour" => ContourPlot.Create(study, "x", "y"),
            "parallel" => ParallelCoordinatePlot.Create(study),
            _ => EmpiricalDistributionPlot.Create(study),
        };
        plot.GetImageBytes(600, 400, ImageFormat.Png);

        Assert.Contains(plot.Legend.ManualItems, i => i.LabelText.StartsWith("1 value ", StringComparison.Ordinal) && i.LabelText.Contains("up to 117"));
        var limits = plot.Axes.GetLimits();
        if (kind is "history" or "slice")
            Assert.InRange(limits.Top, 0.95, 1.1);
        if (kind == "edf")
            Assert.InRange(limits.Right, 0.95, 1.1);
    }

    [Fact]
    public void ATameStudyHasNothingLeftOut()
    {
        var study = Snapshot(Enumerable.Range(0, 20).Select(i => (0.1 * (i % 10), 0.05 * i, 0.9 + 0.01 * i)).ToList());

        Assert.All(new[] { SlicePlot.Create(study, "x"), ContourPlot.Create(study, "x", "y"), ParallelCoordinatePlot.Create(study) },
            plot => Assert.DoesNotContain(plot.Legend.ManualItems, i => i.LabelText.Contains("left out") || i.LabelText.Contains("outside the view")));
    }

    [Fact]
    public void ValuesSpanningDecadesGetALogAxisAndOneExplodedValueDoesNot()
    {
        var decades = Snapshot(Enumerable.Range(0, 20).Select(i => (0.05 * i, 0.05 * i, Math.Pow(10, -3 + 0.2 * i))).ToList());

        Assert.EndsWith("log scale", OptimizationHistoryPlot.Create(decades).Axes.Left.Label.Text);
        Assert.EndsWith("log scale", SlicePlot.Create(decades, "x").Axes.Left.Label.Text);
        Assert.EndsWith("log scale", EmpiricalDistributionPlot.Create(decades).Axes.Bottom.Label.Text);
        Assert.DoesNotContain("log", OptimizationHistoryPlot.Create(StudyWithOneExplodedTrial()).Axes.Left.Label.Text);
    }

    [Fact]
    public void TheTrialNumberColourBarOfASliceHasWholeNumbersOnly()
    {
        var study = Snapshot(Enumerable.Range(0, 5).Select(i => (0.2 * i, 0.1 * i, 1.0 + i)).ToList());
        var plot = SlicePlot.Create(study, "x");
        plot.GetImageBytes(600, 400, ImageFormat.Png);

        var ticks = plot.Axes.GetPanels().OfType<ScottPlot.Panels.ColorBar>().Single().Axis.TickGenerator.Ticks.Where(t => t.IsMajor).ToList();

        Assert.True(ticks.Count >= 2, $"only {ticks.Count} ticks");
        Assert.All(ticks, t => Assert.Equal(Math.Round(t.Position), t.Position));
    }

    [Fact]
    public void TheTimelineHasOneRowPerWorkerInTheOrderTheyStarted()
    {
        var study = SyntheticStudies.Large(40);
        var plot = TimelinePlot.Create(study);
        plot.GetImageBytes(600, 400, ImageFormat.Png);

        Assert.Equal(["host:0", "host:1"], plot.Axes.Left.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Label));
        Assert.Contains(plot.Legend.ManualItems, i => i.LabelText == "Pruned (13)");
        Assert.Contains(plot.Legend.ManualItems, i => i.LabelText.StartsWith("2 workers, busy ", StringComparison.Ordinal));
    }

    [Fact]
    public void TheParallelCoordinatesColourTheTrialsByRank()
    {
        var study = Snapshot(Enumerable.Range(0, 12).Select(i => (0.08 * i, 0.05 * i, 1.0 + 0.001 * i * i)).ToList());
        var plot = ParallelCoordinatePlot.Create(study);

        var bar = plot.Axes.GetPanels().OfType<ScottPlot.Panels.ColorBar>().Single();

        Assert.Equal("Rank of the objective value (1 = best)", bar.Label);
        Assert.Equal(new ScottPlot.Range(1, 12), bar.Source.GetRange());
    }

    private static StudySnapshot StudyWithOneExplodedTrial() =>
        Snapshot(Enumerable.Range(0, 20).Select(i => (0.05 * i, 0.1 * (i % 10), i == 7 ? Exploded : 0.9 + 0.005 * i)).ToList());

    private static StudySnapshot Snapshot(IReadOnlyList<(double X, double Y, double Value)> trials)
    {
        var distributions = new Dictionary<string, Distribution> { ["x"] = new FloatDistribution(0, 1), ["y"] = new FloatDistribution(0, 1) };
        return new StudySnapshot("plots", Direction.Minimize, trials.Select((t, i) => new FrozenTrial
        {
            Id = i + 1,
            Number = i,
            State = TrialState.Complete,
            Value = t.Value,
            Params = new Dictionary<string, object> { ["x"] = t.X, ["y"] = t.Y },
            Distributions = distributions,
        }).ToList(), new Dictionary<string, object>());
    }
}
