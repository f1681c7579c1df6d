using MetaOpt.Reports.Plots;
using ScottPlot;

namespace MetaOpt;

/// <summary>
/// The objective over two parameters as a heatmap interpolated from the Complete trials, with the trials drawn on top.
/// </summary>
/// <remarks>
/// The surface is Shepard's inverse-distance weighting (power 2) in coordinates where each axis spans [0, 1], so
/// it passes through every observed trial and needs no model fit. Values away from trials are only the weighted
/// average of the trials around them: read the dots, not the colour, where trials are sparse. The report draws it
/// for the two most important parameters.
/// </remarks>
public static class ContourPlot
{
    private const int GridSize = 80;

    // Interpolating 6 400 grid cells costs one pass over the points each; 1 000 points already cover the plane.
    private const int MaxPoints = 1000;

    /// <summary>How far, as a fraction of each axis' range, the view extends past the sampled range.</summary>
    private const double Padding = 0.03;

    /// <summary>Draws the contour of two parameters.</summary>
    /// <param name="study">The study.</param>
    /// <param name="xParameter">The parameter on the horizontal axis.</param>
    /// <param name="yParameter">The parameter on the vertical axis; must differ from <paramref name="xParameter"/>.</param>
    /// <returns>The plot, for further styling or saving.</returns>
    /// <exception cref="ArgumentException">The two parameter names are the same.</exception>
    public static Plot Create(StudySnapshot study, string xParameter, string yParameter)
    {
        ArgumentNullException.ThrowIfNull(study);
        if (xParameter == yParameter)
            throw new ArgumentException($"A contour needs two different parameters, got '{xParameter}' twice.", nameof(yParameter));
        var complete = study.CompleteTrials;
        var xAxis = ParameterAxis.For(xParameter, complete);
        var yAxis = ParameterAxis.For(yParameter, complete);
        var plot = PlotTheme.Create($"Contour: {xParameter} vs {yParameter}", xAxis?.Title ?? xParameter, yAxis?.Title ?? yParameter);
        var withBoth = xAxis is null || yAxis is null ? [] : complete.Where(t => xAxis.Has(t) && yAxis.Has(t)).ToList();
        if (withBoth.Count < 2)
            return PlotTheme.ShowMessage(plot, $"Needs 2 completed trials with both parameters; found {withBoth.Count}");

        // An exploded trial would paint the whole surface in one colour: the surface and its scale use the others.
        var fences = OutlierView.Of(withBoth.Select(t => t.Value!.Value));
        var inView = fences is null ? withBoth : withBoth.Where(t => fences.Contains(t.Value!.Value)).ToList();
        var trials = Subsample.Evenly(inView, MaxPoints);

        var points = trials.Select(t => (X: xAxis!.Normalize(xAxis.Coordinate(t)), Y: yAxis!.Normalize(yAxis.Coordinate(t)), Value: t.Value!.Value)).ToArray();
        var heatmap = plot.Add.Heatmap(Interpolate(points));
        // The surface reaches a little past the sampled range so trials on its edge are drawn whole.
        var (xMin, xMax) = Padded(xAxis!);
        var (yMin, yMax) = Padded(yAxis!);
        heatmap.Extent = new CoordinateRect(xMin, xMax, yMin, yMax);
        heatmap.Colormap = PlotTheme.Values;
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = $"Objective value ({OptimizationHistoryPlot.Describe(study.Direction)})";
        bar.LabelStyle.FontSize = 14;

        var dots = plot.Add.Markers(trials.Select(xAxis!.Coordinate).ToArray(), trials.Select(yAxis!.Coordinate).ToArray(), MarkerShape.FilledCircle, 6, Colors.White);
        dots.MarkerStyle.OutlineColor = Colors.Black;
        dots.MarkerStyle.OutlineWidth = 1;
        dots.LegendText = trials.Count < inView.Count ? Subsample.Note(trials.Count, inView.Count, "completed trials") : $"Completed trials ({trials.Count})";
        if (fences is not null)
            OutlierView.NoteLeftOut(plot, fences, "left out of the surface and its colours");
        if (study.BestTrial is { } best && xAxis.Has(best) && yAxis.Has(best))
        {
            var mark = plot.Add.Marker(xAxis.Coordinate(best), yAxis.Coordinate(best), MarkerShape.OpenCircle, 18, PlotTheme.Best);
            mark.MarkerLineWidth = 3;
            mark.LegendText = $"Best trial (#{best.Number})";
        }
        xAxis.ApplyTicks(plot.Axes.Bottom);
        yAxis.ApplyTicks(plot.Axes.Left);
        plot.Axes.SetLimits(xMin, xMax, yMin, yMax);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    private static (double Min, double Max) Padded(ParameterAxis axis)
    {
        var margin = Padding * (axis.Max - axis.Min);
        return (axis.Min - margin, axis.Max + margin);
    }

    /// <summary>The interpolated surface on a square grid over [-Padding, 1 + Padding]², row 0 at the top as the heatmap draws it.</summary>
    private static double[,] Interpolate(IReadOnlyList<(double X, double Y, double Value)> points)
    {
        var grid = new double[GridSize, GridSize];
        for (var row = 0; row < GridSize; row++)
        {
            var y = 1 + Padding - (row + 0.5) / GridSize * (1 + 2 * Padding);
            for (var column = 0; column < GridSize; column++)
            {
                var x = -Padding + (column + 0.5) / GridSize * (1 + 2 * Padding);
                double weighted = 0, total = 0;
                foreach (var p in points)
                {
                    var squaredDistance = (p.X - x) * (p.X - x) + (p.Y - y) * (p.Y - y);
                    var weight = 1 / Math.Max(squaredDistance, 1e-12);
                    weighted += weight * p.Value;
                    total += weight;
                }
                grid[row, column] = weighted / total;
            }
        }
        return grid;
    }
}
