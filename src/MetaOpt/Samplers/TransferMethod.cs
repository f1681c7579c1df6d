namespace MetaOpt;

/// <summary>How a <see cref="GpSampler"/> learns from earlier studies (<see cref="StudyOptions.WarmStartFrom"/>): <see cref="GpSamplerOptions.Transfer"/>.</summary>
/// <remarks>What each does and how they compared on the transfer benchmark: <c>docs/surrogate.md</c>.</remarks>
public enum TransferMethod
{
    /// <summary>
    /// One GP per earlier study, their means weighted by how well each ranks the new study's observations (RGPE's
    /// ranking weights; a study ranking them worse than chance drops out) as the prior mean, and the new study's GP
    /// fitted to what that prior gets wrong.
    /// </summary>
    StackedRgpe,

    /// <summary>
    /// The Gaussian-copula transfer of Salinas, Shen and Perrone (2020), after their GC3P: each earlier study's values
    /// are mapped to normal quantiles of their ranks (so scales and outliers do not matter), one GP fitted on the
    /// earlier studies' pooled quantiles is the prior mean, and the new study's GP models the residuals of its
    /// values (warped and standardised, as without transfer). Every earlier study keeps its place in the prior throughout.
    /// </summary>
    GaussianCopula,
}
