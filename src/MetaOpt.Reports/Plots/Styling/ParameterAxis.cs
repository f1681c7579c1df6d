using ScottPlot;
using ScottPlot.TickGenerators;

namespace MetaOpt.Reports.Plots;

/// <summary>
/// How one parameter is laid out on a plot axis: log10 of the value for log-scaled parameters (ticks labelled with
/// the values themselves), the choice index for categoricals (ticks labelled with the choices), the value otherwise.
/// </summary>
internal sealed class ParameterAxis
{
    private readonly Distribution _distribution;

    private ParameterAxis(string name, Distribution distribution, double min, double max)
    {
        Name = name;
        _distribution = distribution;
        Min = min;
        Max = max;
    }

    public string Name { get; }

    /// <summary>Lowest coordinate of the search range (or of the values seen, if lower).</summary>
    public double Min { get; }

    /// <summary>Highest coordinate of the search range (or of the values seen, if higher).</summary>
    public double Max { get; }

    public bool IsLog => _distribution is FloatDistribution { Log: true } or IntDistribution { Log: true };

    public IReadOnlyList<object>? Choices => (_distribution as CategoricalDistribution)?.Choices;

    /// <summary>The axis title: the name, with the scale when it is not linear.</summary>
    public string Title => IsLog ? $"{Name} (log scale)" : Choices is null ? Name : $"{Name} (categorical)";

    /// <summary>
    /// The axis of a parameter across the trials that have it; the distribution of the latest such trial decides the
    /// scale (a study may widen a range as it goes), and null when no trial has the parameter.
    /// </summary>
    public static ParameterAxis? For(string name, IReadOnlyList<FrozenTrial> trials)
    {
        var latest = trials.LastOrDefault(t => t.Distributions.ContainsKey(name) && t.Params.ContainsKey(name));
        if (latest is null)
            return null;
        var distribution = latest.Distributions[name];
        var (low, high) = distribution switch
        {
            FloatDistribution f => (f.Low, f.High),
            IntDistribution i => (i.Low, i.High),
            CategoricalDistribution c => (0.0, c.Choices.Count - 1.0),
            _ => throw new NotSupportedException($"Reports cannot lay out the distribution {distribution.GetType().Name} of '{name}'."),
        };
        var axis = new ParameterAxis(name, distribution, 0, 0);
        var seen = trials.Where(axis.Has).Select(axis.Coordinate).ToList();
        var min = Math.Min(axis.ToCoordinate(low), seen.Min());
        var max = Math.Max(axis.ToCoordinate(high), seen.Max());
        if (axis.Choices is not null)
            (min, max) = (min - 0.5, max + 0.5);
        return new ParameterAxis(name, distribution, min, max);
    }

    /// <summary>True when the trial has this parameter on a compatible scale.</summary>
    public bool Has(FrozenTrial trial) =>
        trial.Distributions.TryGetValue(Name, out var d) && trial.Params.ContainsKey(Name)
        && (d.GetType() == _distribution.GetType()) && (Choices is null || d.Equals(_distribution));

    /// <summary>Where a trial's value of this parameter goes on the axis.</summary>
    public double Coordinate(FrozenTrial trial) => ToCoordinate(trial.InternalParam(Name));

    /// <summary>The position in [0, 1] of a coordinate between <see cref="Min"/> and <see cref="Max"/>.</summary>
    public double Normalize(double coordinate) => PlotTheme.Fraction(coordinate, Min, Max);

    /// <summary>The parameter value at a coordinate, as text.</summary>
    public string Format(double coordinate) => Choices is { } choices
        ? ValueText.Parameter(choices[Math.Clamp((int)Math.Round(coordinate), 0, choices.Count - 1)])
        : ValueText.Parameter(IsLog ? Math.Pow(10, coordinate) : coordinate);

    /// <summary>Labels an axis so its ticks read as parameter values.</summary>
    public void ApplyTicks(IAxis axis)
    {
        if (Choices is { } choices)
        {
            axis.TickGenerator = new NumericManual(
                Enumerable.Range(0, choices.Count).Select(i => (double)i).ToArray(),
                choices.Select(ValueText.Parameter).ToArray());
        }
        else if (IsLog)
        {
            // Whole decades read best when there are several; within one decade, fractional ticks are all there is.
            axis.TickGenerator = new NumericAutomatic
            {
                LabelFormatter = Format,
                IntegerTicksOnly = Max - Min >= 2,
                MinorTickGenerator = new LogMinorTickGenerator(),
            };
        }
        else if (_distribution is IntDistribution)
        {
            PlotTheme.UseIntegerTicks(axis);
        }
    }

    private double ToCoordinate(double internalValue) => IsLog ? Math.Log10(internalValue) : internalValue;
}
