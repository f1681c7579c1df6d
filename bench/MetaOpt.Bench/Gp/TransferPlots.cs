using MetaOpt.Reports.Plots;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace MetaOpt.Bench.Gp;

/// <summary>The transfer benchmark's figures, in the report's look: each arm's runtime ECDF (COCO) and each function's normalised regret (HPO-B), on log axes where the values span two decades.</summary>
internal static class TransferPlots
{
    /// <summary>Normalised regrets below this are drawn at it (an exact optimum has no logarithm).</summary>
    public const double RegretFloor = 1e-12;

    /// <summary>
    /// The share of (function, target, seed) triples an arm has reached after each number of trials: all functions
    /// together in bold, each function alone in a thin line. Missed targets are never reached, so the curve ends at the
    /// share reached within the budget.
    /// </summary>
    /// <param name="arm">The arm's name, for the title.</param>
    /// <param name="runtimes">Per function, its name and the runtimes of all its targets and seeds.</param>
    /// <param name="budget">Trials per run.</param>
    public static Plot Ecdf(string arm, IReadOnlyList<(string Function, IReadOnlyCollection<int?> Runtimes)> runtimes, int budget)
    {
        var scale = ValueScale.For([1, budget]);
        var plot = PlotTheme.Create($"Runtime ECDF: {arm}", scale.Label("Trials"), "Share of (function, target, seed) reached");
        var xs = Enumerable.Range(1, budget).Select(t => scale.Coordinate(t)).ToArray();
        for (var i = 0; i < runtimes.Count; i++)
            Step(plot, xs, FixedTargets.Ecdf(runtimes[i].Runtimes, budget), PlotTheme.Studies.GetColor(i), 1.5f, runtimes[i].Function);
        var all = runtimes.SelectMany(r => r.Runtimes).ToList();
        Step(plot, xs, FixedTargets.Ecdf(all, budget), Colors.Black, 3.5f, $"all ({all.Count} triples)");
        plot.Axes.SetLimits(xs[0], xs[^1], -0.02, 1.02);
        scale.ApplyTicks(plot.Axes.Bottom);
        plot.Axes.Left.TickGenerator = new NumericAutomatic { LabelFormatter = v => $"{v * 100:0}%" };
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    /// <summary>Each arm's median normalised regret (regret / range) after each trial, on a log axis where it spans two decades.</summary>
    /// <param name="function">The function's name, for the title.</param>
    /// <param name="arms">Per arm, its name and its median normalised regret after trial 1, 2, ….</param>
    public static Plot Regret(string function, IReadOnlyList<(string Arm, double[] Median)> arms)
    {
        var shown = arms.Select(a => a.Median.Select(r => Math.Max(r, RegretFloor)).ToArray()).ToList();
        var scale = ValueScale.For(shown.SelectMany(m => m).Append(FixedTargets.FloorFraction));
        var plot = PlotTheme.Create($"Normalised regret: {function}", "Trials", scale.Label("Median regret / range"));
        for (var i = 0; i < arms.Count; i++)
        {
            var line = plot.Add.ScatterLine(
                Enumerable.Range(1, shown[i].Length).Select(t => (double)t).ToArray(),
                shown[i].Select(scale.Coordinate).ToArray(), PlotTheme.Studies.GetColor(i));
            line.LineWidth = 2.5f;
            line.LegendText = arms[i].Arm;
        }
        var floor = plot.Add.HorizontalLine(scale.Coordinate(FixedTargets.FloorFraction), 1.5f, Colors.Gray, LinePattern.Dashed);
        floor.LegendText = "target floor";
        scale.ApplyTicks(plot.Axes.Left);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    private static void Step(Plot plot, double[] xs, double[] ys, Color color, float width, string label)
    {
        var line = plot.Add.ScatterLine(xs, ys, color);
        line.ConnectStyle = ConnectStyle.StepHorizontal;
        line.LineWidth = width;
        line.LegendText = label;
    }
}
