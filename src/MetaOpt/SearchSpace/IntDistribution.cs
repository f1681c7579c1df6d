namespace MetaOpt;

/// <summary>An integer parameter in [<see cref="Low"/>, <see cref="High"/>] on a grid of <see cref="Step"/>, optionally log-scaled.</summary>
public sealed class IntDistribution : Distribution
{
    /// <summary>Creates the distribution, checking the bounds.</summary>
    /// <param name="low">Smallest value (inclusive).</param>
    /// <param name="high">Largest value (inclusive), at least <paramref name="low"/>.</param>
    /// <param name="log">Sample uniformly in log space; needs <paramref name="low"/> ≥ 1 and step 1.</param>
    /// <param name="step">Grid spacing from <paramref name="low"/>, at least 1; must divide <c>high - low</c>.</param>
    /// <exception cref="ArgumentException">The bounds, log flag or step are inconsistent.</exception>
    public IntDistribution(int low, int high, bool log = false, int step = 1)
    {
        if (low > high)
            throw new ArgumentException($"low must not exceed high, got low={low} > high={high}");
        if (step < 1)
            throw new ArgumentException($"step must be at least 1, got step={step}");
        if (log && low < 1)
            throw new ArgumentException($"a log-scaled range needs low >= 1, got low={low}");
        if (log && step != 1)
            throw new ArgumentException($"a log-scaled integer range needs step 1, got step={step}");
        if (((long)high - low) % step != 0)
            throw new ArgumentException($"step={step} does not divide the range [{low}, {high}] (width {(long)high - low})");
        Low = low;
        High = high;
        Log = log;
        Step = step;
    }

    /// <summary>Smallest value.</summary>
    public int Low { get; }

    /// <summary>Largest value.</summary>
    public int High { get; }

    /// <summary>Whether values are spread uniformly in log space.</summary>
    public bool Log { get; }

    /// <summary>Grid spacing.</summary>
    public int Step { get; }

    /// <inheritdoc/>
    public override bool IsSingle => Low == High;

    /// <summary>Rounds a real value onto the step grid and into the bounds.</summary>
    public double Snap(double value) =>
        Math.Clamp(Low + Math.Round((value - Low) / Step) * Step, Low, High);

    /// <inheritdoc/>
    public override double ToInternal(object value)
    {
        double v = value switch
        {
            int i => i,
            long l => l,
            short s => s,
            double d when d == Math.Round(d) => d,
            _ => throw new ArgumentException($"{value} ({value?.GetType().Name ?? "null"}) is not an integer for {this}"),
        };
        if (!Contains(v))
            throw new ArgumentException($"{v} is outside {this}");
        return v;
    }

    /// <inheritdoc/>
    public override object ToExternal(double internalValue) => (int)Math.Round(internalValue);

    /// <inheritdoc/>
    public override bool Contains(double internalValue) =>
        internalValue >= Low && internalValue <= High && internalValue == Math.Round(internalValue)
        && ((long)internalValue - Low) % Step == 0;

    /// <inheritdoc/>
    public override bool Equals(Distribution? other) =>
        other is IntDistribution d && d.Low == Low && d.High == High && d.Log == Log && d.Step == Step;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Low, High, Log, Step);

    /// <inheritdoc/>
    public override string ToString() =>
        $"int [{Low}, {High}]" + (Log ? " log" : "") + (Step != 1 ? $" step {Step}" : "");
}
