using MetaOpt.Reports.Plots;
using ScottPlot;

namespace MetaOpt;

/// <summary>
/// The noise of a study with repeats: each repeated configuration's runs as points with their mean and 95% interval,
/// beside the first runs of all configurations, so the spread a seed makes reads against the spread the search saw.
/// </summary>
/// <remarks>
/// Configurations are ordered by their mean, best first. When a configuration's interval is about as wide as the
/// spread across configurations, a single run ranks configurations mostly by luck.
/// </remarks>
public static class NoisePlot
{
    // A column's runs are spread over its left part so equal values stay visible; its interval stands to their right.
    private const double PointsFrom = -0.32, PointsTo = -0.04, IntervalAt = 0.14, CapHalfWidth = 0.08;

    /// <summary>Draws the noise plot of a study; a plot that says why there is none when no configuration was repeated.</summary>
    /// <returns>The plot, for further styling or saving.</returns>
    public static Plot Create(StudySnapshot study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var plot = PlotTheme.Create($"Noise: {study.Name}", "", $"Objective value ({OptimizationHistoryPlot.Describe(study.Direction)})");
        var ranked = ConfigurationResult.Of(study.Trials, study.Direction);
        var repeated = ranked.Where(c => c.Repeats > 1).ToList();
        if (repeated.Count == 0)
            return PlotTheme.ShowMessage(plot, "No configuration was evaluated more than once");

        Column(plot, 0, ranked.Select(c => c.Trials[0].Value!.Value).ToList(), PlotTheme.Failed, null);
        for (var i = 0; i < repeated.Count; i++)
            Column(plot, i + 1, repeated[i].Objective.Values, PlotTheme.Complete, repeated[i].Objective);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, repeated.Count + 1).Select(i => (double)i).ToArray(),
            repeated.Select(c => $"#{c.Configuration}").Prepend($"all {ranked.Count}, first runs").ToArray());
        plot.Axes.Bottom.TickLabelStyle.FontSize = 13;
        plot.Axes.SetLimitsX(-0.6, repeated.Count + 0.6);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "A run (one seed)", MarkerShape = MarkerShape.FilledCircle, MarkerFillColor = PlotTheme.Complete, MarkerLineColor = PlotTheme.Complete, MarkerSize = 7 });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "Mean and 95% interval", LineColor = PlotTheme.Best, LineWidth = 2.5f, MarkerShape = MarkerShape.FilledDiamond, MarkerFillColor = PlotTheme.Best, MarkerLineColor = PlotTheme.Best, MarkerSize = 10 });
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    private static void Column(Plot plot, double x, IReadOnlyList<double> values, Color color, MeanEstimate? estimate)
    {
        var from = estimate is null ? x - (PointsTo - PointsFrom) / 2 : x + PointsFrom;
        var xs = values.Select((_, i) => values.Count == 1 ? from : from + (PointsTo - PointsFrom) * i / (values.Count - 1)).ToArray();
        var points = plot.Add.ScatterPoints(xs, values.ToArray(), color.WithAlpha(0.7));
        points.MarkerSize = 7;
        if (estimate is null)
            return;
        if (estimate.Low is { } low && estimate.High is { } high)
        {
            var bar = plot.Add.Line(x + IntervalAt, low, x + IntervalAt, high);
            bar.LineColor = PlotTheme.Best;
            bar.LineWidth = 2.5f;
            foreach (var end in new[] { low, high })
            {
                var cap = plot.Add.Line(x + IntervalAt - CapHalfWidth, end, x + IntervalAt + CapHalfWidth, end);
                cap.LineColor = PlotTheme.Best;
                cap.LineWidth = 2.5f;
            }
        }
        var mean = plot.Add.ScatterPoints(new[] { x + IntervalAt }, new[] { estimate.Mean }, PlotTheme.Best);
        mean.MarkerShape = MarkerShape.FilledDiamond;
        mean.MarkerSize = 12;
    }
}
