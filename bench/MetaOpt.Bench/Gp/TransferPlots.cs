using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace MetaOpt.Bench.Gp;

/// <summary>The transfer benchmark's figures: each arm's runtime ECDF (COCO) and each function's normalised regret (HPO-B), on log axes.</summary>
internal static class TransferPlots
{
    /// <summary>Normalised regrets below this are drawn at it (an exact optimum has no logarithm).</summary>
    public const double RegretFloor = 1e-12;

    private static readonly IPalette Palette = new ScottPlot.Palettes.Category10();

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
        var plot = Create($"Runtime ECDF: {arm}", "Trials (log scale)", "Share of (function, target, seed) reached");
        var xs = Enumerable.Range(1, budget).Select(t => Math.Log10(t)).ToArray();
        for (var i = 0; i < runtimes.Count; i++)
            Step(plot, xs, FixedTargets.Ecdf(runtimes[i].Runtimes, budget), Palette.GetColor(i), 1.5f, runtimes[i].Function);
        var all = runtimes.SelectMany(r => r.Runtimes).ToList();
        Step(plot, xs, FixedTargets.Ecdf(all, budget), Colors.Black, 3.5f, $"all ({all.Count} triples)");
        plot.Axes.SetLimits(0, Math.Log10(budget), -0.02, 1.02);
        plot.Axes.Bottom.TickGenerator = LogTicks(v => Math.Pow(10, v).ToString("0", CultureInfo.InvariantCulture));
        plot.Axes.Left.TickGenerator = new NumericAutomatic { LabelFormatter = v => $"{v * 100:0}%" };
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    /// <summary>Each arm's median normalised regret (regret / range) after each trial, on a log axis.</summary>
    /// <param name="function">The function's name, for the title.</param>
    /// <param name="arms">Per arm, its name and its median normalised regret after trial 1, 2, ….</param>
    public static Plot Regret(string function, IReadOnlyList<(string Arm, double[] Median)> arms)
    {
        var plot = Create($"Normalised regret: {function}", "Trials", "Median regret / range (log scale)");
        for (var i = 0; i < arms.Count; i++)
        {
            var (arm, median) = arms[i];
            var line = plot.Add.ScatterLine(
                Enumerable.Range(1, median.Length).Select(t => (double)t).ToArray(),
                median.Select(r => Math.Log10(Math.Max(r, RegretFloor))).ToArray(), Palette.GetColor(i));
            line.LineWidth = 2.5f;
            line.LegendText = arm;
        }
        var floor = plot.Add.HorizontalLine(Math.Log10(FixedTargets.FloorFraction), 1.5f, Colors.Gray, LinePattern.Dashed);
        floor.LegendText = "target floor";
        plot.Axes.Left.TickGenerator = LogTicks(v => "1e" + v.ToString("0", CultureInfo.InvariantCulture));
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    private static Plot Create(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title, size: 18);
        plot.XLabel(xLabel, size: 15);
        plot.YLabel(yLabel, size: 15);
        return plot;
    }

    private static void Step(Plot plot, double[] xs, double[] ys, Color color, float width, string label)
    {
        var line = plot.Add.ScatterLine(xs, ys, color);
        line.ConnectStyle = ConnectStyle.StepHorizontal;
        line.LineWidth = width;
        line.LegendText = label;
    }

    // Major ticks at whole decades of log10-transformed data, minor ticks between them.
    private static NumericAutomatic LogTicks(Func<double, string> label) =>
        new() { LabelFormatter = label, IntegerTicksOnly = true, MinorTickGenerator = new LogMinorTickGenerator() };
}
