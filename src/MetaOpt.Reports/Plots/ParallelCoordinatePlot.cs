using MetaOpt.Reports.Plots;
using ScottPlot;

namespace MetaOpt;

/// <summary>
/// One vertical axis for the objective and one per parameter, each scaled to its own range, and one polyline per
/// Complete trial across them, coloured by the rank of its objective value.
/// </summary>
/// <remarks>
/// The best trials are drawn last so they stay on top; the colours go from the best rank (yellow) to the worst
/// (dark purple), so the good trials are told apart even when their values are close. Values beyond Tukey's fences
/// are left out (and counted on the plot); past 150 trials the best 50 and an even thinning of the rest are drawn.
/// A trial without a conditional parameter skips that axis. Optuna's <c>plot_parallel_coordinate</c>.
/// </remarks>
public static class ParallelCoordinatePlot
{
    // When thinning, the best trials are always drawn: they are what the plot is read for.
    private const int AlwaysDrawn = 50;

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
        // Outliers would squash every other trial onto one end of the objective axis; they are left out and counted.
        var fences = OutlierView.Of(complete.Select(t => t.Value!.Value));
        var ranked = study.CompleteTrialsBestFirst.Where(t => fences is null || fences.Contains(t.Value!.Value)).ToList();
        var values = ranked.Select(t => t.Value!.Value).ToArray();
        var low = values.Min();
        var high = values.Max();
        // Colour by rank, not value: values crowd near the optimum, so a linear scale paints every good trial alike.
        var colormap = new ScottPlot.Colormaps.Reversed(PlotTheme.Values);
        var drawn = Drawn(ranked);

        foreach (var (trial, rank) in drawn.OrderByDescending(d => d.Rank))
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
            var line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray(), colormap.GetColor(PlotTheme.Fraction(rank, 0, ranked.Count - 1)));
            line.LineWidth = 1.2f;
            // Thinned bundles are drawn plain (see Subsample); the best trials stay smooth.
            line.LineStyle.AntiAlias = drawn.Count == ranked.Count || rank < AlwaysDrawn;
        }
        if (drawn.Count < ranked.Count)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = Subsample.Note(drawn.Count, ranked.Count, $"trials (the best {AlwaysDrawn} and others by rank)") });
        if (fences is not null)
            OutlierView.NoteLeftOut(plot, fences, "left out");
        if (plot.Legend.ManualItems.Count > 0)
            plot.ShowLegend(Alignment.LowerRight);

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
        PlotTheme.UseIntegerTicks(PlotTheme.AddColorBar(plot, colormap, 1, ranked.Count, "Rank of the objective value (1 = best)").Axis);
        return plot;
    }

    /// <summary>The trials to draw with their rank (0 = best): the best always, the rest thinned evenly by rank.</summary>
    private static List<(FrozenTrial Trial, int Rank)> Drawn(IReadOnlyList<FrozenTrial> ranked)
    {
        var all = ranked.Select((t, rank) => (t, rank)).ToList();
        if (all.Count <= Subsample.MaxLines)
            return all;
        return all.Take(AlwaysDrawn).Concat(Subsample.Evenly(all.Skip(AlwaysDrawn).ToList(), Subsample.MaxLines - AlwaysDrawn)).ToList();
    }

    private static IReadOnlyList<(double Position, string Label)> TickLabels(ParameterAxis axis) => axis.Choices is { } choices
        ? choices.Select((c, i) => (axis.Normalize(i), ValueText.Parameter(c))).ToList()
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

    private static string Format(double value) => ValueText.Parameter(value);
}
