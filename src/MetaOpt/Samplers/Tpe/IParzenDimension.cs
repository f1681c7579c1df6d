namespace MetaOpt.Samplers.Tpe;

/// <summary>The kernels of one parameter in a Parzen mixture: one per component (observations, then the prior).</summary>
internal interface IParzenDimension
{
    /// <summary>Log density (log probability for discrete parameters) of component <paramref name="component"/> at an internal value.</summary>
    double LogDensity(int component, double internalValue);

    /// <summary>A draw from component <paramref name="component"/>, as an internal value of the distribution.</summary>
    double Sample(int component, Random random);
}
