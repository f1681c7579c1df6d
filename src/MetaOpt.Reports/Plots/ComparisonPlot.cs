using MetaOpt.Reports.Plots;
using ScottPlot;

namespace MetaOpt;

/// <summary>Several studies' best-so-far curves on one history plot, one colour per study, to compare samplers or strategies.</summary>
/// <remarks>
/// Each study's Complete trial values are drawn as faint dots in its colour, its best value so far as a step line.
/// Studies are compared by trial number, so the plot answers "which finds better values with the same budget".
/// </remarks>
public static class ComparisonPlot
{
    /// <summary>Draws the comparison.</summary>
    /// <param name="studies">At least one study; all should share a direction for the comparison to mean something.</param>
    /// <returns>The plot, for further styling or saving.</returns>
    /// <exception cref="ArgumentException">No study was given.</exception>
    public static Plot Create(IReadOnlyList<StudySnapshot> studies)
    {
        ArgumentNullException.ThrowIfNull(studies);
        if (studies.Count == 0)
            throw new ArgumentException("A comparison needs at least one study.", nameof(studies));
        var directions = studies.Select(s => s.Direction).Distinct().ToList();
        var yLabel = directions.Count == 1
            ? $"Best objective value so far ({OptimizationHistoryPlot.Describe(directions[0])})"
            : "Best objective value so far (the studies' directions differ)";
        var plot = PlotTheme.Create($"Comparison of {studies.Count} studies", "Trial number", yLabel);
        if (studies.All(s => s.CompleteTrials.Count == 0))
            return PlotTheme.ShowMessage(plot, "No study has a completed trial yet");

        for (var i = 0; i < studies.Count; i++)
        {
            var study = studies[i];
            var color = PlotTheme.Studies.GetColor(i);
            var complete = study.CompleteTrials;
            if (complete.Count == 0)
            {
                plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"{study.Name}: no completed trial", LineColor = color, LineWidth = 2.5f });
                continue;
            }
            var dots = plot.Add.ScatterPoints(complete.Select(t => (double)t.Number).ToArray(), complete.Select(t => t.Value!.Value).ToArray(), color.WithAlpha(0.4));
            dots.MarkerSize = 5;
            var (numbers, best) = BestSoFar.Of(study);
            var line = plot.Add.ScatterLine(numbers.Append(study.Trials[^1].Number).ToArray(), best.Append(best[^1]).ToArray(), color);
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.LineWidth = 2.5f;
            line.LegendText = $"{study.Name} (best {ValueText.Parameter(best[^1])})";
        }
        OutlierView.FocusVertical(plot, studies.SelectMany(s => s.CompleteTrials).Select(t => t.Value!.Value).ToList());
        PlotTheme.UseIntegerTicks(plot.Axes.Bottom);
        plot.ShowLegend(directions.Count == 1 ? PlotTheme.LegendCorner(directions[0]) : Alignment.UpperRight);
        return plot;
    }
}
