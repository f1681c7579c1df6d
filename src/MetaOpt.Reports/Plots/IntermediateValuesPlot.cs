using MetaOpt.Reports.Plots;
using ScottPlot;

namespace MetaOpt;

/// <summary>The learning curve of every trial: each reported intermediate value against its step.</summary>
/// <remarks>
/// Complete trials are thin blue lines, pruned ones orange lines ending in a cross where the pruner cut them,
/// failed and running ones grey. The best trial's curve is drawn last, thick, in red. Optuna's
/// <c>plot_intermediate_values</c>, with states told apart.
/// </remarks>
public static class IntermediateValuesPlot
{

    /// <summary>Draws the learning curves of a study.</summary>
    /// <returns>The plot, for further styling or saving.</returns>
    public static Plot Create(StudySnapshot study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var plot = PlotTheme.Create($"Intermediate values: {study.Name}", "Step (epoch)", "Intermediate value");
        var reporting = study.Trials.Where(t => t.IntermediateValues.Count > 0).ToList();
        if (reporting.Count == 0)
            return PlotTheme.ShowMessage(plot, study.Trials.Count == 0 ? "No trials yet" : "No trial reported intermediate values");

        // Fainter lines when there are many, so the bundle shows density instead of a solid block.
        var alpha = Math.Clamp(8.0 / Math.Sqrt(reporting.Count), 0.15, 0.8);
        var labelled = new HashSet<TrialState>();
        var drawn = Subsample.Evenly(reporting, Subsample.MaxLines);
        foreach (var trial in drawn.OrderBy(t => t.State == TrialState.Complete ? 1 : 0))
        {
            var steps = trial.IntermediateValues.Keys.Order().ToArray();
            var xs = steps.Select(s => (double)s).ToArray();
            var ys = steps.Select(s => trial.IntermediateValues[s]).ToArray();
            var color = ColorOf(trial.State);
            var line = plot.Add.ScatterLine(xs, ys, color.WithAlpha(alpha));
            line.LineWidth = 1.2f;
            line.LineStyle.AntiAlias = drawn.Count == reporting.Count; // thinned bundles are drawn plain (see Subsample)
            if (labelled.Add(trial.State))
                line.LegendText = $"{trial.State} ({reporting.Count(t => t.State == trial.State)})";
            if (trial.State == TrialState.Pruned)
            {
                var end = plot.Add.Marker(xs[^1], ys[^1], MarkerShape.Eks, 7, color);
                end.MarkerLineWidth = 1.5f;
            }
        }
        if (study.BestTrial is { IntermediateValues.Count: > 0 } best)
        {
            var steps = best.IntermediateValues.Keys.Order().ToArray();
            var line = plot.Add.ScatterLine(steps.Select(s => (double)s).ToArray(), steps.Select(s => best.IntermediateValues[s]).ToArray(), PlotTheme.Best);
            line.LineWidth = 2.5f;
            line.LegendText = $"Best trial (#{best.Number})";
        }
        if (drawn.Count < reporting.Count)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = Subsample.Note(drawn.Count, reporting.Count, "curves") });
        if (labelled.Contains(TrialState.Pruned))
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = "Where the pruner stopped a trial", MarkerShape = MarkerShape.Eks, MarkerColor = PlotTheme.Pruned, MarkerSize = 7 });
        OutlierView.FocusVertical(plot, drawn.SelectMany(t => t.IntermediateValues.Values).ToList());
        PlotTheme.UseIntegerTicks(plot.Axes.Bottom);
        plot.ShowLegend(PlotTheme.LegendCorner(study.Direction));
        return plot;
    }

    private static Color ColorOf(TrialState state) => state switch
    {
        TrialState.Complete => PlotTheme.Complete,
        TrialState.Pruned => PlotTheme.Pruned,
        _ => PlotTheme.Failed,
    };
}
