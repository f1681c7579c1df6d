using MetaOpt.Reports.Summary;
using MetaOpt.Reports.Plots;
using ScottPlot;

namespace MetaOpt;

/// <summary>A horizontal bar per parameter with its importance, the most important at the top; the title names the method.</summary>
public static class ParameterImportancePlot
{
    /// <summary>Draws importances already evaluated (for example with <see cref="FanovaImportanceEvaluator"/>).</summary>
    /// <param name="importance">The ranking to draw.</param>
    /// <param name="studyName">Shown in the title when given.</param>
    /// <returns>The plot, for further styling or saving.</returns>
    public static Plot Create(ImportanceResult importance, string? studyName = null)
    {
        ArgumentNullException.ThrowIfNull(importance);
        var title = $"Parameter importance ({importance.Method})" + (studyName is null ? "" : $": {studyName}");
        var plot = PlotTheme.Create(title, $"Share of explained variance ({importance.TrialsUsed} completed trials)", "");
        if (importance.Importances.Count == 0)
            return PlotTheme.ShowMessage(plot, importance.Note ?? "Nothing to rank");

        var count = importance.Importances.Count;
        var bars = importance.Importances.Select((p, rank) => new Bar
        {
            Position = count - 1 - rank,
            Value = p.Importance,
            FillColor = PlotTheme.Complete,
            Label = ReportFormat.Percent(p.Importance),
            Orientation = Orientation.Horizontal,
        }).ToArray();
        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
        barPlot.ValueLabelStyle.FontSize = 14;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            bars.Select(b => b.Position).ToArray(), importance.Importances.Select(p => p.Parameter).ToArray());
        plot.Axes.Left.TickLabelStyle.FontSize = 14;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = share => ReportFormat.Percent(share).Replace(".0%", "%", StringComparison.Ordinal) };
        // Room on the right for the percentage labels of the longest bar.
        plot.Axes.SetLimits(0, Math.Min(1.0, importance.Importances[0].Importance * 1.2 + 0.02), -0.6, count - 0.4);
        return plot;
    }

    /// <summary>Evaluates the importances of a study with <paramref name="evaluator"/> (fANOVA, seed 0, when null) and draws them.</summary>
    /// <returns>The plot, for further styling or saving.</returns>
    public static Plot Create(StudySnapshot study, IImportanceEvaluator? evaluator = null)
    {
        ArgumentNullException.ThrowIfNull(study);
        return Create((evaluator ?? new FanovaImportanceEvaluator()).Evaluate(study.Trials), study.Name);
    }
}
