using MetaOpt.Reports.Plots;
using ScottPlot;

namespace MetaOpt;

/// <summary>
/// One vertical axis for the objective and one per parameter, each scaled to its own range, and one polyline per
/// Complete trial across them, coloured by its objective value.
/// </summary>
/// <remarks>
/// The best trials are drawn last so they stay on top; the colours go from the best value (yellow) to the worst
/// (dark purple). A trial without a conditional parameter skips that axis. Optuna's <c>plot_parallel_coordinate</c>.
/// </remarks>
public static class ParallelCoordinatePlot
{
    /// <summary>Draws the parallel coordinates of a study.</summary>
    /// <param name="study">The study.</param>
    /// <param name="parameters">The parameter axes in order, left to right; every parameter by name when null.</param>
    /// <returns>The plot, for further styling or saving.</returns>
    public static Plot Create(StudySnapshot study, IReadOnlyList<string>? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(study);
        var plot = PlotTheme.Create($"Parallel coordinates: {study.Name}", "", "Position within each axis' range");
        var complete = study.CompleteTrials;
        if (complete.Count == 0)
            return PlotTheme.ShowMessage(plot, OptimizationHistoryPlot.NothingYet(study));

        var axes = (parameters ?? study.ParameterNames).Select(p => ParameterAxis.For(p, complete)).OfType<ParameterAxis>().ToList();
        var values = complete.Select(t => t.Value!.Value).ToArray();
        var low = values.Min();
        var high = values.Max();
        // Best values are bright whichever the direction; the colour bar uses the same map, so it reads either way.
        var colormap = study.Direction == Direction.Minimize ? new ScottPlot.Colormaps.Reversed(PlotTheme.Values) : PlotTheme.Values;
        var bestFirst = study.Direction == Direction.Minimize ? 1.0 : -1.0;

        foreach (var trial in complete.OrderByDescending(t => bestFirst * t.Value!.Value))
        {
            var value = trial.Value!.Value;
            var xs = new List<double> { 0 };
            var ys = new List<double> { PlotTheme.Fraction(value, low, high) };
            for (var a = 0; a < axes.Count; a++)
            {
                if (!axes[a].Has(trial))
                    continue;
                xs.Add(a + 1);
                ys.Add(axes[a].Normalize(axes[a].Coordinate(trial)));
            }
            var line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray(), colormap.GetColor(PlotTheme.Fraction(value, low, high)).WithAlpha(0.7));
            line.LineWidth = 1.2f;
        }

        DrawAxis(plot, 0, high > low ? [(0, Format(low)), (1, Format(high))] : [(0.5, Format(low))]);
        for (var a = 0; a < axes.Count; a++)
            DrawAxis(plot, a + 1, TickLabels(axes[a]));

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, axes.Count + 1).Select(i => (double)i).ToArray(),
            axes.Select(a => a.IsLog ? $"{a.Name} (log)" : a.Name).Prepend("Objective").ToArray());
        plot.Axes.Bottom.TickLabelStyle.FontSize = 13;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.EmptyTickGenerator();
        plot.Axes.SetLimits(-0.3, axes.Count + 0.6, -0.08, 1.08);
        plot.HideGrid();
        PlotTheme.AddColorBar(plot, colormap, low, high, $"Objective value ({OptimizationHistoryPlot.Describe(study.Direction)})");
        return plot;
    }

    private static IReadOnlyList<(double Position, string Label)> TickLabels(ParameterAxis axis) => axis.Choices is { } choices
        ? choices.Select((c, i) => (axis.Normalize(i), ParameterAxis.FormatValue(c))).ToList()
        : [(axis.Normalize(axis.Min), axis.Format(axis.Min)), (axis.Normalize(axis.Max), axis.Format(axis.Max))];

    private static void DrawAxis(Plot plot, double x, IReadOnlyList<(double Position, string Label)> labels)
    {
        var line = plot.Add.VerticalLine(x, 1.5f, Colors.Black);
        line.LineColor = Colors.Black.WithAlpha(0.7);
        foreach (var (position, label) in labels)
        {
            var text = plot.Add.Text(label, x, position);
            text.Alignment = Alignment.MiddleLeft;
            text.OffsetX = 4;
            text.LabelFontSize = 12;
            text.LabelBackgroundColor = Colors.White.WithAlpha(0.8);
        }
    }

    private static string Format(double value) => ParameterAxis.FormatValue(value);
}
