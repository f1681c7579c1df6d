namespace MetaOpt;

/// <summary>A real parameter in [<see cref="Low"/>, <see cref="High"/>], optionally log-scaled or on a grid of <see cref="Step"/>.</summary>
public sealed class FloatDistribution : Distribution
{
    /// <summary>Creates the distribution, checking the bounds.</summary>
    /// <param name="low">Smallest value (inclusive).</param>
    /// <param name="high">Largest value (inclusive), at least <paramref name="low"/>.</param>
    /// <param name="log">Sample uniformly in log space; needs <paramref name="low"/> &gt; 0 and no step.</param>
    /// <param name="step">Grid spacing from <paramref name="low"/>; must divide <c>high - low</c>.</param>
    /// <exception cref="ArgumentException">The bounds, log flag or step are inconsistent.</exception>
    public FloatDistribution(double low, double high, bool log = false, double? step = null)
    {
        if (!double.IsFinite(low) || !double.IsFinite(high))
            throw new ArgumentException($"bounds must be finite numbers, got low={Format(low)}, high={Format(high)}");
        if (low > high)
            throw new ArgumentException($"low must not exceed high, got low={Format(low)} > high={Format(high)}");
        if (log && low <= 0)
            throw new ArgumentException($"a log-scaled range needs low > 0, got low={Format(low)}");
        if (step is { } s)
        {
            if (log)
                throw new ArgumentException("step and log cannot be used together");
            if (!(s > 0) || !double.IsFinite(s))
                throw new ArgumentException($"step must be a positive number, got step={Format(s)}");
            var cells = (high - low) / s;
            if (Math.Abs(cells - Math.Round(cells)) > 1e-8 * Math.Max(1, cells))
                throw new ArgumentException(
                    $"step={Format(s)} does not divide the range [{Format(low)}, {Format(high)}] (width {Format(high - low)})");
        }
        Low = low;
        High = high;
        Log = log;
        Step = step;
    }

    /// <summary>Smallest value.</summary>
    public double Low { get; }

    /// <summary>Largest value.</summary>
    public double High { get; }

    /// <summary>Whether values are spread uniformly in log space.</summary>
    public bool Log { get; }

    /// <summary>Grid spacing, or null for a continuous range.</summary>
    public double? Step { get; }

    /// <inheritdoc/>
    public override bool IsSingle => Low == High;

    /// <summary>Rounds a value onto the step grid (if any) and into the bounds.</summary>
    public double Snap(double value)
    {
        if (Step is { } s)
            value = Low + Math.Round((value - Low) / s) * s;
        return Math.Clamp(value, Low, High);
    }

    /// <inheritdoc/>
    public override double ToInternal(object value)
    {
        var v = value switch
        {
            double d => d,
            float f => f,
            int i => i,
            long l => l,
            decimal m => (double)m,
            _ => throw new ArgumentException($"{value} ({value?.GetType().Name ?? "null"}) is not a number for {this}"),
        };
        if (!Contains(v))
            throw new ArgumentException($"{Format(v)} is outside {this}");
        return v;
    }

    /// <inheritdoc/>
    public override object ToExternal(double internalValue) => internalValue;

    /// <inheritdoc/>
    public override bool Contains(double internalValue)
    {
        if (double.IsNaN(internalValue) || internalValue < Low || internalValue > High)
            return false;
        if (Step is not { } s)
            return true;
        var cells = (internalValue - Low) / s;
        return Math.Abs(cells - Math.Round(cells)) <= 1e-8 * Math.Max(1, Math.Abs(cells));
    }

    /// <inheritdoc/>
    public override bool Equals(Distribution? other) =>
        other is FloatDistribution f && f.Low == Low && f.High == High && f.Log == Log && f.Step == Step;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Low, High, Log, Step);

    /// <inheritdoc/>
    public override string ToString() =>
        $"float [{Format(Low)}, {Format(High)}]" + (Log ? " log" : "") + (Step is { } s ? $" step {Format(s)}" : "");

    private static string Format(double v) => ValueText.Number(v);
}
