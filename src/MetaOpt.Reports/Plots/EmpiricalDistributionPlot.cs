using MetaOpt.Reports.Plots;
using ScottPlot;

namespace MetaOpt;

/// <summary>The empirical distribution (EDF) of the Complete trials' objective values: the share of trials at or below each value.</summary>
/// <remarks>
/// A curve rising early means many trials found low values; a long flat start means few did. Values spanning two
/// decades or more get a log axis, and values beyond Tukey's fences are left out of view (and counted). Optuna's
/// <c>plot_edf</c>.
/// </remarks>
public static class EmpiricalDistributionPlot
{
    /// <summary>Draws the EDF of a study.</summary>
    /// <returns>The plot, for further styling or saving.</returns>
    public static Plot Create(StudySnapshot study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var values = study.CompleteTrials.Select(t => t.Value!.Value).Order().ToArray();
        var scale = ValueScale.For(values);
        var plot = PlotTheme.Create($"Empirical distribution: {study.Name}",
            scale.Label($"Objective value ({OptimizationHistoryPlot.Describe(study.Direction)})"), "Share of completed trials at or below the value");
        if (values.Length == 0)
            return PlotTheme.ShowMessage(plot, OptimizationHistoryPlot.NothingYet(study));

        var xs = values.Select(scale.Coordinate).ToArray();
        var shares = Enumerable.Range(1, values.Length).Select(i => (double)i / values.Length).ToArray();
        var line = plot.Add.ScatterLine(xs, shares, PlotTheme.Complete);
        line.ConnectStyle = ConnectStyle.StepHorizontal;
        line.LineWidth = 2.5f;
        line.LegendText = $"Completed trials ({values.Length})";
        plot.Axes.AutoScale();
        plot.Axes.SetLimitsY(-0.03, 1.03);
        OutlierView.FocusHorizontal(plot, xs, scale.Format);
        scale.ApplyTicks(plot.Axes.Bottom);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => $"{v * 100:0}%" };
        plot.ShowLegend(study.Direction == Direction.Minimize ? Alignment.LowerRight : Alignment.UpperLeft);
        return plot;
    }
}
