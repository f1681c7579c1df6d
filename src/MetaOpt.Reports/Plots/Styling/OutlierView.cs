using MathNet.Numerics.Statistics;
using ScottPlot;

namespace MetaOpt.Reports.Plots;

/// <summary>
/// Keeps a value axis on the bulk of the values: a few exploded trials (a diverging learning rate reaching 100 where
/// the others sit near 1) would otherwise flatten every other point into one line and hide the convergence.
/// </summary>
internal static class OutlierView
{
    // Tukey's far-out fences: beyond three interquartile ranges from the quartiles a value is an outlier.
    private const double FenceInInterquartileRanges = 3.0;

    /// <summary>
    /// Limits the vertical axis to the values inside the fences when some fall outside, and says in the legend how
    /// many were left out of view. Leaves the automatic limits when nothing is far out.
    /// </summary>
    public static void FocusVertical(Plot plot, IReadOnlyCollection<double> values)
    {
        var finite = values.Where(double.IsFinite).Order().ToArray();
        if (finite.Length < 4)
            return;
        var q1 = SortedArrayStatistics.QuantileCustom(finite, 0.25, QuantileDefinition.R7);
        var q3 = SortedArrayStatistics.QuantileCustom(finite, 0.75, QuantileDefinition.R7);
        var spread = q3 - q1;
        if (spread <= 0)
            return;
        var low = q1 - FenceInInterquartileRanges * spread;
        var high = q3 + FenceInInterquartileRanges * spread;
        var inside = finite.Where(v => v >= low && v <= high).ToArray();
        var outside = finite.Length - inside.Length;
        if (outside == 0)
            return;
        var padding = 0.05 * (inside[^1] - inside[0]);
        plot.Axes.SetLimitsY(inside[0] - padding, inside[^1] + padding);
        plot.Legend.ManualItems.Add(new LegendItem
        {
            LabelText = $"{outside} value{(outside == 1 ? "" : "s")} outside the view (up to {ParameterAxis.FormatValue(finite[^1])})",
        });
    }
}
