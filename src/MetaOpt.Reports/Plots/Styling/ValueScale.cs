using ScottPlot;
using ScottPlot.TickGenerators;

namespace MetaOpt.Reports.Plots;

/// <summary>
/// The objective on an axis: log10 of the value when every value is positive and they span two decades or more (a
/// loss from 1000 down to 0.1 reads as a straight descent, not a cliff), the value itself otherwise.
/// </summary>
internal sealed class ValueScale
{
    private const double DecadesForLog = 2;

    private ValueScale(bool isLog) => IsLog = isLog;

    public bool IsLog { get; }

    /// <summary>The scale of some values, judged on those inside Tukey's fences: one exploded trial out of view must not make the axis logarithmic.</summary>
    public static ValueScale For(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToList();
        if (OutlierView.Of(finite) is { } fences)
            finite = finite.Where(fences.Contains).ToList();
        return new ValueScale(finite.Count >= 2 && finite.Min() > 0 && Math.Log10(finite.Max() / finite.Min()) >= DecadesForLog);
    }

    /// <summary>Where a value goes on the axis.</summary>
    public double Coordinate(double value) => IsLog ? Math.Log10(value) : value;

    /// <summary>The value at a coordinate, as text.</summary>
    public string Format(double coordinate) => ValueText.Parameter(IsLog ? Math.Pow(10, coordinate) : coordinate);

    /// <summary>An axis label with the scale when it is not linear.</summary>
    public string Label(string label) => IsLog ? $"{label}, log scale" : label;

    /// <summary>Labels the axis with values (decades on a log axis).</summary>
    public void ApplyTicks(IAxis axis)
    {
        if (IsLog)
            axis.TickGenerator = new NumericAutomatic { LabelFormatter = Format, IntegerTicksOnly = true, MinorTickGenerator = new LogMinorTickGenerator() };
    }
}
