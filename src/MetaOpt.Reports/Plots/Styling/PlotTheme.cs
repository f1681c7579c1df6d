using ScottPlot;

namespace MetaOpt.Reports.Plots;

/// <summary>The report's shared look: colours by trial state, fonts, and the placeholder for a plot without data.</summary>
internal static class PlotTheme
{
    public static readonly Color Complete = Color.FromHex("#1f77b4");
    public static readonly Color Pruned = Color.FromHex("#ff7f0e");
    public static readonly Color Failed = Color.FromHex("#7f7f7f");
    public static readonly Color Best = Color.FromHex("#d62728");
    public static readonly IPalette Studies = new ScottPlot.Palettes.Category10();
    public static readonly IColormap Values = new ScottPlot.Colormaps.Viridis();

    /// <summary>A new plot with its title and axis labels set in the report's font sizes.</summary>
    public static Plot Create(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title, size: 18);
        plot.XLabel(xLabel, size: 15);
        plot.YLabel(yLabel, size: 15);
        return plot;
    }

    /// <summary>Ticks on whole numbers only, for trial numbers, epochs and integer parameters.</summary>
    public static void UseIntegerTicks(IAxis axis) => axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };

    /// <summary>Writes a message in the middle of an empty plot, so a study without data still gives a readable image.</summary>
    public static Plot ShowMessage(Plot plot, string message)
    {
        var text = plot.Add.Text(message, 0.5, 0.5);
        text.Alignment = Alignment.MiddleCenter;
        text.LabelFontSize = 16;
        text.LabelFontColor = Colors.DimGray;
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.EmptyTickGenerator();
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.EmptyTickGenerator();
        return plot;
    }

    /// <summary>The colour-scale legend of a colormap over a value range, drawn on the right of the plot.</summary>
    public static ScottPlot.Panels.ColorBar AddColorBar(Plot plot, IColormap colormap, double min, double max, string label)
    {
        var bar = plot.Add.ColorBar(new ColorScale(colormap, min, max));
        bar.Label = label;
        bar.LabelStyle.FontSize = 14;
        return bar;
    }

    /// <summary>Where a legend covers the fewest points: away from where a minimising study's values fall.</summary>
    public static Alignment LegendCorner(Direction direction) =>
        direction == Direction.Minimize ? Alignment.UpperRight : Alignment.LowerRight;

    /// <summary>A colormap position in [0, 1] for a value in [min, max]; 0.5 when the range is empty.</summary>
    public static double Fraction(double value, double min, double max) => max > min ? (value - min) / (max - min) : 0.5;

    private sealed class ColorScale(IColormap colormap, double min, double max) : IHasColorAxis
    {
        public IColormap Colormap { get; set; } = colormap;

        public ScottPlot.Range GetRange() => new(min, max);
    }
}
