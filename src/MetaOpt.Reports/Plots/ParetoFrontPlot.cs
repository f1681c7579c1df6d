using MetaOpt.Reports.Plots;
using ScottPlot;

namespace MetaOpt;

/// <summary>
/// A multi-objective study's complete trials in the plane of two objectives, its Pareto front highlighted and joined in
/// order of the first: Optuna's <c>plot_pareto_front</c>.
/// </summary>
public static class ParetoFrontPlot
{
    /// <summary>Draws objectives <paramref name="x"/> and <paramref name="y"/> (the first two by default) of a study's complete trials.</summary>
    /// <returns>The plot, for further styling or saving.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An objective index the study does not have, or the same one twice.</exception>
    public static Plot Create(StudySnapshot study, int x = 0, int y = 1)
    {
        ArgumentNullException.ThrowIfNull(study);
        var objectives = study.Directions.Count;
        if (x < 0 || x >= objectives || y < 0 || y >= objectives || x == y)
            throw new ArgumentOutOfRangeException(nameof(y), $"objectives {x} and {y}: the study has objectives 0 to {objectives - 1}, and a plane needs two different ones");
        var plot = PlotTheme.Create($"Pareto front: {study.Name}", Label(study, x), Label(study, y));
        var valued = Valued(study);
        if (valued.Count == 0)
            return PlotTheme.ShowMessage(plot, OptimizationHistoryPlot.NothingYet(study));
        var front = Pareto.Front(valued, study.Directions).Select(t => t.Number).ToHashSet();
        var others = valued.Where(t => !front.Contains(t.Number)).ToList();
        if (others.Count > 0)
        {
            var drawn = Subsample.Evenly(others, Subsample.MaxPoints);
            var points = plot.Add.ScatterPoints(drawn.Select(t => t.Values![x]).ToArray(), drawn.Select(t => t.Values![y]).ToArray(), PlotTheme.Complete);
            points.MarkerSize = 6;
            points.LegendText = drawn.Count < others.Count ? $"Dominated ({others.Count}; {drawn.Count} drawn, evenly spaced)" : $"Dominated ({others.Count})";
        }
        var best = valued.Where(t => front.Contains(t.Number)).OrderBy(t => t.Values![x]).ThenBy(t => t.Values![y]).ToList();
        var line = plot.Add.ScatterLine(best.Select(t => t.Values![x]).ToArray(), best.Select(t => t.Values![y]).ToArray(), PlotTheme.Best);
        line.LineWidth = 1.5f;
        line.MarkerSize = 9;
        line.MarkerShape = MarkerShape.FilledCircle;
        line.LegendText = $"Pareto front ({best.Count})";
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>The complete trials with one finite value per objective, in number order: what a multi-objective report draws.</summary>
    internal static IReadOnlyList<FrozenTrial> Valued(StudySnapshot study) => study.Trials
        .Where(t => t.State == TrialState.Complete && t.Values is { } values && values.Count == study.Directions.Count && values.All(double.IsFinite))
        .ToList();

    private static string Label(StudySnapshot study, int objective) =>
        $"Objective {objective} ({OptimizationHistoryPlot.Describe(study.Directions[objective])})";
}
