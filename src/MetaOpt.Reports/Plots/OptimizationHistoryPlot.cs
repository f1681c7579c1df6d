using MetaOpt.Reports.Plots;
using ScottPlot;

namespace MetaOpt;

/// <summary>Every trial's objective value against its number, with the best value found so far as a step line.</summary>
/// <remarks>
/// Pruned trials are drawn apart (hollow triangles at their last reported value, which is not comparable with a
/// full run's value); Failed trials have no value, so they are only counted in the legend. Optuna's
/// <c>plot_optimization_history</c>, with pruned trials shown.
/// </remarks>
public static class OptimizationHistoryPlot
{
    /// <summary>Draws the history of a study.</summary>
    /// <returns>The plot, for further styling or saving.</returns>
    public static Plot Create(StudySnapshot study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var complete = study.CompleteTrials;
        var pruned = study.Trials.Where(t => t.State == TrialState.Pruned && t.Value is { } v && double.IsFinite(v)).ToList();
        var scale = ValueScale.For(complete.Concat(pruned).Select(t => t.Value!.Value));
        var plot = PlotTheme.Create($"Optimisation history: {study.Name}", "Trial number", scale.Label($"Objective value ({Describe(study.Direction)})"));
        if (complete.Count == 0 && pruned.Count == 0)
            return PlotTheme.ShowMessage(plot, NothingYet(study));

        if (complete.Count > 0)
        {
            var drawn = Subsample.Evenly(complete, Subsample.MaxPoints);
            var points = plot.Add.ScatterPoints(Numbers(drawn), Values(drawn, scale), PlotTheme.Complete);
            points.MarkerSize = 6;
            points.LegendText = drawn.Count < complete.Count ? $"Complete ({complete.Count}; {drawn.Count} drawn, evenly spaced)" : $"Complete ({complete.Count})";
        }
        if (pruned.Count > 0)
        {
            var drawn = Subsample.Evenly(pruned, Subsample.MaxPoints);
            var points = plot.Add.ScatterPoints(Numbers(drawn), Values(drawn, scale), PlotTheme.Pruned);
            points.MarkerShape = MarkerShape.OpenTriangleDown;
            points.MarkerSize = 7;
            points.LegendText = drawn.Count < pruned.Count ? $"Pruned ({pruned.Count}, last reported value; {drawn.Count} drawn, evenly spaced)" : $"Pruned ({pruned.Count}, last reported value)";
        }
        if (complete.Count > 0)
        {
            var (numbers, best) = BestSoFar.Of(study);
            // Extend the last best value to the last trial so the line spans the whole history.
            var lastNumber = study.Trials[^1].Number;
            var line = plot.Add.ScatterLine(numbers.Append(lastNumber).ToArray(), best.Append(best[^1]).Select(scale.Coordinate).ToArray(), PlotTheme.Best);
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.LineWidth = 2.5f;
            line.LegendText = $"Best so far ({ValueText.Parameter(best[^1])})";
        }
        var failed = study.Trials.Count(t => t.State == TrialState.Failed);
        if (failed > 0)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"Failed ({failed}, no value)", MarkerShape = MarkerShape.Eks, MarkerColor = PlotTheme.Failed, MarkerSize = 8 });
        OutlierView.FocusVertical(plot, Values(complete.Concat(pruned), scale), scale.Format);
        scale.ApplyTicks(plot.Axes.Left);
        PlotTheme.UseIntegerTicks(plot.Axes.Bottom);
        plot.ShowLegend(PlotTheme.LegendCorner(study.Direction));
        return plot;
    }

    internal static string Describe(Direction direction) => direction == Direction.Minimize ? "lower is better" : "higher is better";

    internal static string NothingYet(StudySnapshot study) => study.Trials.Count == 0
        ? "No trials yet"
        : $"No trial has a value yet ({study.Trials.Count} trials, none complete)";

    private static double[] Numbers(IEnumerable<FrozenTrial> trials) => trials.Select(t => (double)t.Number).ToArray();

    private static double[] Values(IEnumerable<FrozenTrial> trials, ValueScale scale) => trials.Select(t => scale.Coordinate(t.Value!.Value)).ToArray();
}
