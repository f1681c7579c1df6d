using MetaOpt.Reports.Plots;
using ScottPlot;

namespace MetaOpt;

/// <summary>
/// The hypervolume (<see cref="Pareto.Hypervolume"/>) of the front of a multi-objective study's complete trials up to
/// each trial, against the trial number: how fast the search extends and improves its front.
/// </summary>
/// <remarks>
/// The reference point (<see cref="Pareto.ReferencePoint"/>) is just worse than the worst complete trial in each
/// objective (by a tenth of the objective's range, or 1 where all values are equal), so every trial counts and the scale follows the study; compare two studies'
/// curves only with one reference point.
/// </remarks>
public static class HypervolumeHistoryPlot
{
    /// <summary>Draws the hypervolume history of a study.</summary>
    /// <returns>The plot, for further styling or saving.</returns>
    public static Plot Create(StudySnapshot study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var plot = PlotTheme.Create($"Hypervolume: {study.Name}", "Trial number", "Hypervolume of the front so far (higher is better)");
        var (numbers, volumes, reference) = Of(study);
        if (numbers.Count == 0)
            return PlotTheme.ShowMessage(plot, OptimizationHistoryPlot.NothingYet(study));
        var line = plot.Add.ScatterLine(numbers.Append(study.Trials[^1].Number).Select(n => (double)n).ToArray(), volumes.Append(volumes[^1]).ToArray(), PlotTheme.Best);
        line.ConnectStyle = ConnectStyle.StepHorizontal;
        line.LineWidth = 2.5f;
        line.LegendText = $"Hypervolume ({ValueText.Parameter(volumes[^1])}; reference {string.Join(", ", reference.Select(r => ValueText.Parameter(r)))})";
        PlotTheme.UseIntegerTicks(plot.Axes.Bottom);
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    /// <summary>
    /// The trial numbers at which the front changed, the hypervolume after each, and the reference point: the front
    /// is kept as trials arrive, so the volume is recomputed only when a trial enters it.
    /// </summary>
    internal static (IReadOnlyList<int> Numbers, IReadOnlyList<double> Volumes, IReadOnlyList<double> Reference) Of(StudySnapshot study)
    {
        var valued = ParetoFrontPlot.Valued(study);
        if (valued.Count == 0)
            return ([], [], []);
        var directions = study.Directions;
        var reference = Pareto.ReferencePoint(valued.Select(t => t.Values!).ToList(), directions);
        var front = new List<IReadOnlyList<double>>();
        var numbers = new List<int>();
        var volumes = new List<double>();
        foreach (var trial in valued)
        {
            var values = trial.Values!;
            if (front.Any(f => Pareto.Dominates(f, values, directions) || f.SequenceEqual(values)))
                continue;
            front.RemoveAll(f => Pareto.Dominates(values, f, directions));
            front.Add(values);
            numbers.Add(trial.Number);
            volumes.Add(Pareto.Hypervolume(front, reference, directions));
        }
        return (numbers, volumes, reference);
    }
}
