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

    /// <summary>The fences and the values inside them, or null when no value falls outside (or there are too few to tell).</summary>
    public static Fences? Of(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).Order().ToArray();
        if (finite.Length < 4)
            return null;
        var q1 = SortedArrayStatistics.QuantileCustom(finite, 0.25, QuantileDefinition.R7);
        var q3 = SortedArrayStatistics.QuantileCustom(finite, 0.75, QuantileDefinition.R7);
        var spread = q3 - q1;
        if (spread <= 0)
            return null;
        var fences = new Fences(q1 - FenceInInterquartileRanges * spread, q3 + FenceInInterquartileRanges * spread, finite);
        return fences.Outside == 0 ? null : fences;
    }

    /// <summary>
    /// Limits the vertical axis to the values inside the fences when some fall outside, and says in the legend how
    /// many were left out of view. Leaves the automatic limits when nothing is far out.
    /// </summary>
    /// <param name="plot">The plot whose vertical axis shows <paramref name="values"/>.</param>
    /// <param name="values">The plotted coordinates.</param>
    /// <param name="format">Writes a coordinate as the value it stands for (a log axis plots log10 of the value).</param>
    public static void FocusVertical(Plot plot, IReadOnlyCollection<double> values, Func<double, string>? format = null)
    {
        if (Of(values) is not { } fences)
            return;
        var (low, high) = fences.Padded();
        plot.Axes.SetLimitsY(low, high);
        NoteLeftOut(plot, fences, "outside the view", format);
    }

    /// <summary>As <see cref="FocusVertical"/>, for values on the horizontal axis.</summary>
    public static void FocusHorizontal(Plot plot, IReadOnlyCollection<double> values, Func<double, string>? format = null)
    {
        if (Of(values) is not { } fences)
            return;
        var (low, high) = fences.Padded();
        plot.Axes.SetLimitsX(low, high);
        NoteLeftOut(plot, fences, "outside the view", format);
    }

    /// <summary>Writes on the plot (as a legend line) how many values the fences left out and how far the farthest went.</summary>
    public static void NoteLeftOut(Plot plot, Fences fences, string how, Func<double, string>? format = null)
    {
        format ??= v => ValueText.Parameter(v);
        plot.Legend.ManualItems.Add(new LegendItem
        {
            LabelText = $"{fences.Outside} value{(fences.Outside == 1 ? "" : "s")} {how} (up to {format(fences.Farthest)})",
        });
    }

    /// <summary>Tukey's fences over some values.</summary>
    internal sealed class Fences
    {
        private readonly double[] _inside;

        public Fences(double low, double high, double[] sorted)
        {
            Low = low;
            High = high;
            _inside = sorted.Where(Contains).ToArray();
            Outside = sorted.Length - _inside.Length;
            var median = sorted[sorted.Length / 2];
            Farthest = sorted.Where(v => !Contains(v)).DefaultIfEmpty(double.NaN).MaxBy(v => Math.Abs(v - median));
        }

        public double Low { get; }

        public double High { get; }

        /// <summary>How many values fall outside.</summary>
        public int Outside { get; }

        /// <summary>The value outside the fences farthest from the median; NaN when none is outside.</summary>
        public double Farthest { get; }

        /// <summary>The smallest and largest value inside.</summary>
        public (double Min, double Max) InsideRange => (_inside[0], _inside[^1]);

        public bool Contains(double value) => value >= Low && value <= High;

        /// <summary>The range of the values inside, with a margin of 5% on each side.</summary>
        public (double Low, double High) Padded()
        {
            var (min, max) = InsideRange;
            var padding = 0.05 * (max - min);
            return (min - padding, max + padding);
        }
    }
}
