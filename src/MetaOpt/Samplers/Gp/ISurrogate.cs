namespace MetaOpt.Samplers.Gp;

/// <summary>A probabilistic model of the (standardised, minimised) objective over unit-cube coordinates.</summary>
internal interface ISurrogate
{
    /// <summary>Posterior mean and variance of the latent function at <paramref name="x"/>.</summary>
    (double Mean, double Variance) Predict(ReadOnlySpan<double> x);

    /// <summary>
    /// Posterior mean and variance at <paramref name="x"/>, writing their gradients with respect to the numeric
    /// coordinates into the spans (categorical coordinates get 0).
    /// </summary>
    (double Mean, double Variance) Predict(ReadOnlySpan<double> x, Span<double> meanGradient, Span<double> varianceGradient);
}
