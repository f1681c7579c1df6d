using MetaOpt.Reports.Plots;
using ScottPlot;

namespace MetaOpt;

/// <summary>The objective value of each Complete trial against one parameter, coloured by trial number.</summary>
/// <remarks>
/// Log-scaled parameters get a log axis and categoricals one position per choice, as Optuna's <c>plot_slice</c>.
/// The colour shows when a point was sampled, so a sampler converging on a region reads as late (yellow) points
/// crowding there.
/// </remarks>
public static class SlicePlot
{
    // Enough colour steps to read the order of trials; grouping keeps a 10 000-trial study at a few plottables.
    private const int ColorSteps = 16;

    /// <summary>Draws the slice of one parameter.</summary>
    /// <param name="study">The study.</param>
    /// <param name="parameter">A parameter name; a study where no trial has it gets a plot that says so.</param>
    /// <returns>The plot, for further styling or saving.</returns>
    public static Plot Create(StudySnapshot study, string parameter)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentException.ThrowIfNullOrWhiteSpace(parameter);
        var complete = study.CompleteTrials;
        var axis = ParameterAxis.For(parameter, complete);
        var scale = ValueScale.For(complete.Select(t => t.Value!.Value));
        var plot = PlotTheme.Create($"Slice: {parameter}", axis?.Title ?? parameter, scale.Label($"Objective value ({OptimizationHistoryPlot.Describe(study.Direction)})"));
        if (axis is null)
            return PlotTheme.ShowMessage(plot, complete.Count == 0 ? OptimizationHistoryPlot.NothingYet(study) : $"No completed trial has '{parameter}'");

        var withParameter = complete.Where(axis.Has).ToList();
        var trials = Subsample.Evenly(withParameter, Subsample.MaxPoints);
        var lastNumber = study.Trials[^1].Number;
        foreach (var group in trials.GroupBy(t => (int)Math.Min(ColorSteps - 1, PlotTheme.Fraction(t.Number, 0, lastNumber) * ColorSteps)))
        {
            var color = PlotTheme.Values.GetColor((group.Key + 0.5) / ColorSteps);
            var markers = plot.Add.Markers(group.Select(axis.Coordinate).ToArray(), group.Select(t => scale.Coordinate(t.Value!.Value)).ToArray(), MarkerShape.FilledCircle, 7, color);
            markers.MarkerLineColor = Colors.Black.WithAlpha(0.4);
            markers.MarkerLineWidth = 0.5f;
        }
        if (trials.Count < withParameter.Count)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = Subsample.Note(trials.Count, withParameter.Count, "trials") });
        if (study.BestTrial is { } best && axis.Has(best))
        {
            var star = plot.Add.Marker(axis.Coordinate(best), scale.Coordinate(best.Value!.Value), MarkerShape.OpenCircle, 16, PlotTheme.Best);
            star.MarkerLineWidth = 2.5f;
            star.LegendText = $"Best trial (#{best.Number}: {axis.Format(axis.Coordinate(best))})";
            plot.ShowLegend(PlotTheme.LegendCorner(study.Direction));
        }
        axis.ApplyTicks(plot.Axes.Bottom);
        plot.Axes.AutoScale();
        plot.Axes.SetLimitsX(axis.Min - 0.02 * (axis.Max - axis.Min), axis.Max + 0.02 * (axis.Max - axis.Min));
        OutlierView.FocusVertical(plot, withParameter.Select(t => scale.Coordinate(t.Value!.Value)).ToList(), scale.Format);
        scale.ApplyTicks(plot.Axes.Left);
        if (plot.Legend.ManualItems.Count > 0)
            plot.ShowLegend(PlotTheme.LegendCorner(study.Direction));
        PlotTheme.UseIntegerTicks(PlotTheme.AddColorBar(plot, PlotTheme.Values, 0, lastNumber, "Trial number").Axis);
        return plot;
    }
}
