namespace MetaOpt.Samplers.Gp;

/// <summary>
/// A weighted sum of independent GPs (RGPE): mean Σ wᵢμᵢ, variance Σ wᵢ²σᵢ², each model in its own standardised units.
/// </summary>
internal sealed class RankingWeightedEnsemble : ISurrogate
{
    private readonly (ISurrogate Model, double Weight)[] _members;

    public RankingWeightedEnsemble(IReadOnlyList<ISurrogate> models, IReadOnlyList<double> weights)
    {
        if (models.Count != weights.Count)
            throw new ArgumentException($"{models.Count} models but {weights.Count} weights");
        // Models without weight change nothing; skipping them keeps predictions cheap.
        _members = models.Zip(weights).Where(m => m.Second > 0).ToArray();
        if (_members.Length == 0)
            throw new ArgumentException("at least one model needs a positive weight");
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
        return (mean, variance);
    }
}
