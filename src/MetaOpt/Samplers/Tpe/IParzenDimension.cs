namespace MetaOpt.Samplers.Tpe;

/// <summary>The kernels of one parameter in a Parzen mixture: one per component (observations, then the prior).</summary>
internal interface IParzenDimension
{
    /// <summary>
    /// Writes, for every component, <paramref name="from"/> plus the log density (log probability for discrete
    /// parameters) of its kernel at an internal value into <paramref name="terms"/>, one entry per component.
    /// <paramref name="from"/> may be <paramref name="terms"/> itself.
    /// </summary>
    void AddLogDensities(double internalValue, ReadOnlySpan<double> from, Span<double> terms);

    /// <summary>A draw from component <paramref name="component"/>, as an internal value of the distribution.</summary>
    double Sample(int component, Random random);
}
