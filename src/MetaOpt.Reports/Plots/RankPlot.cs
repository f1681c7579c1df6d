using MetaOpt.Reports.Plots;
using ScottPlot;

namespace MetaOpt;

/// <summary>
/// Two parameters against each other, each Complete trial a dot coloured by the rank of its objective value: where
/// the bright (best-ranked) dots gather is where the good configurations are, whatever the scale of the values.
/// </summary>
/// <remarks>
/// Ranks rather than values keep an exploded trial from washing out the colours. With one parameter, the objective's
/// rank takes the vertical axis. The report draws it for the two most important parameters. Optuna's <c>plot_rank</c>.
/// </remarks>
public static class RankPlot
{
    /// <summary>Draws the rank plot of two parameters, or of one against the rank when <paramref name="yParameter"/> is null.</summary>
    /// <param name="study">The study.</param>
    /// <param name="xParameter">The parameter on the horizontal axis.</param>
    /// <param name="yParameter">The parameter on the vertical axis, or null for the objective's rank.</param>
    /// <returns>The plot, for further styling or saving.</returns>
    /// <exception cref="ArgumentException">The two parameter names are the same.</exception>
    public static Plot Create(StudySnapshot study, string xParameter, string? yParameter)
    {
        ArgumentNullException.ThrowIfNull(study);
        if (xParameter == yParameter)
            throw new ArgumentException($"A rank plot needs two different parameters, got '{xParameter}' twice.", nameof(yParameter));
        var ranked = study.CompleteTrialsBestFirst;
        var xAxis = ParameterAxis.For(xParameter, ranked);
        var yAxis = yParameter is null ? null : ParameterAxis.For(yParameter, ranked);
        var plot = PlotTheme.Create(yParameter is null ? $"Rank: {xParameter}" : $"Rank: {xParameter} vs {yParameter}",
            xAxis?.Title ?? xParameter, yParameter is null ? "Rank of the objective value (1 = best)" : yAxis?.Title ?? yParameter);
        var withBoth = ranked.Select((t, i) => (Trial: t, Rank: i))
            .Where(r => xAxis is not null && xAxis.Has(r.Trial) && (yParameter is null || (yAxis is not null && yAxis.Has(r.Trial))))
            .ToList();
        var trials = Subsample.Evenly(withBoth, Subsample.MaxPoints);
        if (trials.Count == 0)
            return PlotTheme.ShowMessage(plot, ranked.Count == 0 ? OptimizationHistoryPlot.NothingYet(study) : "No completed trial has these parameters");

        // Best yellow, drawn last to stay on top; colour steps group the dots so 10 000 trials stay a few plottables.
        const int colorSteps = 32;
        var colormap = new ScottPlot.Colormaps.Reversed(PlotTheme.Values);
        foreach (var group in trials.GroupBy(r => (int)Math.Min(colorSteps - 1, PlotTheme.Fraction(r.Rank, 0, ranked.Count - 1) * colorSteps)).OrderByDescending(g => g.Key))
        {
            var ys = yAxis is null ? group.Select(r => r.Rank + 1.0) : group.Select(r => yAxis.Coordinate(r.Trial));
            var markers = plot.Add.Markers(group.Select(r => xAxis!.Coordinate(r.Trial)).ToArray(), ys.ToArray(), MarkerShape.FilledCircle, 7,
                colormap.GetColor((group.Key + 0.5) / colorSteps));
            markers.MarkerLineColor = Colors.Black.WithAlpha(0.4);
            markers.MarkerLineWidth = 0.5f;
        }
        if (trials.Count < withBoth.Count)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = Subsample.Note(trials.Count, withBoth.Count, "trials") });
            plot.ShowLegend(Alignment.UpperRight);
        }
        xAxis!.ApplyTicks(plot.Axes.Bottom);
        if (yAxis is not null)
            yAxis.ApplyTicks(plot.Axes.Left);
        else
            PlotTheme.UseIntegerTicks(plot.Axes.Left);
        PlotTheme.UseIntegerTicks(PlotTheme.AddColorBar(plot, colormap, 1, ranked.Count, "Rank of the objective value (1 = best)").Axis);
        return plot;
    }
}
