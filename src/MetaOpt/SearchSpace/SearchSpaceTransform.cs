namespace MetaOpt.SearchSpace;

/// <summary>
/// Maps numeric distributions to the continuous "model space" in which model-based samplers fit densities or
/// surrogates, and back.
/// </summary>
/// <remarks>
/// Model space is the logarithm of the value for log-scaled parameters and the value itself otherwise. Discrete
/// parameters (integers and stepped floats) get bounds widened by half a step (half a unit before the logarithm
/// for log-scaled integers), so each grid point owns a cell of the same width and the end points are as likely
/// as the inner ones; <see cref="FromModel"/> rounds back onto the grid. Categorical distributions have no model
/// space: samplers treat their choice index separately.
/// </remarks>
internal static class SearchSpaceTransform
{
    /// <summary>True for float and integer distributions, which have a model space.</summary>
    public static bool IsNumeric(Distribution distribution) => distribution is FloatDistribution or IntDistribution;

    /// <summary>The model-space interval the distribution spans, widened by half a step for discrete parameters.</summary>
    public static (double Low, double High) ModelBounds(Distribution distribution) => distribution switch
    {
        FloatDistribution { Log: true } f => (Math.Log(f.Low), Math.Log(f.High)),
        FloatDistribution { Step: { } s } f => (f.Low - s / 2, f.High + s / 2),
        FloatDistribution f => (f.Low, f.High),
        IntDistribution { Log: true } i => (Math.Log(i.Low - 0.5), Math.Log(i.High + 0.5)),
        IntDistribution i => (i.Low - i.Step / 2.0, i.High + i.Step / 2.0),
        _ => throw NotNumeric(distribution),
    };

    /// <summary>An internal value in model space.</summary>
    public static double ToModel(Distribution distribution, double internalValue) =>
        IsLog(distribution) ? Math.Log(internalValue) : internalValue;

    /// <summary>A model-space point back as an internal value: on the step grid and inside the bounds.</summary>
    public static double FromModel(Distribution distribution, double modelValue) => distribution switch
    {
        FloatDistribution f => f.Snap(f.Log ? Math.Exp(modelValue) : modelValue),
        IntDistribution i => i.Snap(i.Log ? Math.Exp(modelValue) : modelValue),
        _ => throw NotNumeric(distribution),
    };

    /// <summary>
    /// The model-space interval that <see cref="FromModel"/> rounds onto a grid point, or null for a continuous
    /// parameter. A density over model space gives a discrete parameter the probability of this cell.
    /// </summary>
    public static (double Low, double High)? Cell(Distribution distribution, double internalValue) => distribution switch
    {
        FloatDistribution { Step: { } s } => (internalValue - s / 2, internalValue + s / 2),
        IntDistribution { Log: true } => (Math.Log(internalValue - 0.5), Math.Log(internalValue + 0.5)),
        IntDistribution i => (internalValue - i.Step / 2.0, internalValue + i.Step / 2.0),
        FloatDistribution => null,
        _ => throw NotNumeric(distribution),
    };

    /// <summary>One uniform draw in the internal representation: uniform in model space, or a uniform choice index.</summary>
    public static double SampleUniform(Random random, Distribution distribution)
    {
        if (distribution is CategoricalDistribution c)
            return random.Next(c.Choices.Count);
        var (low, high) = ModelBounds(distribution);
        return FromModel(distribution, low + random.NextDouble() * (high - low));
    }

    private static bool IsLog(Distribution distribution) => distribution switch
    {
        FloatDistribution f => f.Log,
        IntDistribution i => i.Log,
        _ => throw NotNumeric(distribution),
    };

    private static NotSupportedException NotNumeric(Distribution distribution) =>
        new($"{distribution} is not numeric; only float and int distributions have a model space.");
}
