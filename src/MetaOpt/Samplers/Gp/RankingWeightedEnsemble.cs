namespace MetaOpt.Samplers.Gp;

/// <summary>
/// A weighted sum of independent GPs (RGPE): mean Σ wᵢμᵢ, variance Σ wᵢ²σᵢ², each model in its own standardised units,
/// the variance capped by the new study's own posterior variance.
/// </summary>
/// <remarks>
/// Without the cap, an earlier study's uncertainty keeps expected improvement alive at points the new study has
/// already evaluated (where its own GP knows the value), and the search proposes them again and again; with it, the
/// ensemble is never less certain than the new study's data make it, and elsewhere (where the new GP is near its
/// prior variance) the ensemble's variance is unchanged.
/// </remarks>
internal sealed class RankingWeightedEnsemble : ISurrogate
{
    private readonly (ISurrogate Model, double Weight)[] _members;
    private readonly ISurrogate? _varianceCap;

    /// <param name="models">The GPs to combine.</param>
    /// <param name="weights">Their weights; models with weight 0 are left out.</param>
    /// <param name="varianceCap">The new study's GP, whose variance bounds the ensemble's; none before it has data.</param>
    public RankingWeightedEnsemble(IReadOnlyList<ISurrogate> models, IReadOnlyList<double> weights, ISurrogate? varianceCap)
    {
        if (models.Count != weights.Count)
            throw new ArgumentException($"{models.Count} models but {weights.Count} weights");
        // Models without weight change nothing; skipping them keeps predictions cheap.
        _members = models.Zip(weights).Where(m => m.Second > 0).ToArray();
        if (_members.Length == 0)
            throw new ArgumentException("at least one model needs a positive weight");
        _varianceCap = varianceCap;
    }

    /// <inheritdoc/>
    public (double Mean, double Variance) Predict(ReadOnlySpan<double> x) => Predict(x, [], []);

    /// <inheritdoc/>
    public (double Mean, double Variance) Predict(ReadOnlySpan<double> x, Span<double> meanGradient, Span<double> varianceGradient)
    {
        var withGradient = !meanGradient.IsEmpty;
        Span<double> mg = withGradient ? new double[x.Length] : [];
        Span<double> vg = withGradient ? new double[x.Length] : [];
        meanGradient.Clear();
        varianceGradient.Clear();
        double mean = 0, variance = 0;
        foreach (var (model, w) in _members)
        {
            var (m, v) = model.Predict(x, mg, vg);
            mean += w * m;
            variance += w * w * v;
            for (var j = 0; j < mg.Length; j++)
            {
                meanGradient[j] += w * mg[j];
                varianceGradient[j] += w * w * vg[j];
            }
        }
        if (_varianceCap is not null)
        {
            var (_, capVariance) = _varianceCap.Predict(x, mg, vg);
            if (capVariance < variance)
            {
                variance = capVariance;
                vg.CopyTo(varianceGradient);
            }
        }
        return (mean, variance);
    }
}
