namespace MetaOpt.Samplers.Tpe;

/// <summary>The kernels of one parameter in a Parzen mixture: one per component (observations, then the prior).</summary>
internal interface IParzenDimension
{
    /// <summary>
    /// Adds, for every component, the log density (log probability for discrete parameters) of its kernel at an
    /// internal value to <paramref name="terms"/>, one entry per component.
    /// </summary>
    void AddLogDensities(double internalValue, Span<double> terms);

    /// <summary>A draw from component <paramref name="component"/>, as an internal value of the distribution.</summary>
    double Sample(int component, Random random);
}
