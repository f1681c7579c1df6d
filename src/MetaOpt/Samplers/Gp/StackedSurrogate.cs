namespace MetaOpt.Samplers.Gp;

/// <summary>
/// The warm-started surrogate: a prior mean made of the earlier studies' GPs, Σ wᵢμᵢ(x) with RGPE's weights, plus the
/// new study's GP fitted to what that prior gets wrong (the residuals y − prior, standardised).
/// </summary>
/// <remarks>
/// Stacked as Google Vizier does (Golovin et al. 2017) rather than averaged as in plain RGPE, so the posterior mean
/// passes through the new observations whatever the prior said there and falls back to the prior away from them. The
/// variance is the residual GP's. With no prior (every earlier study at weight 0) this is the new study's plain GP.
/// See <c>docs/surrogate.md</c>.
/// </remarks>
internal sealed class StackedSurrogate : ISurrogate
{
    private readonly (ISurrogate Model, double Weight)[] _prior;
    private readonly GaussianProcess? _residual;
    private readonly double _residualMean;
    private readonly double _residualScale;
    private readonly double _priorVariance;

    /// <param name="priorModels">The earlier studies' GPs; those with weight 0 are left out.</param>
    /// <param name="priorWeights">Their weights.</param>
    /// <param name="residual">GP of the standardised residuals; null before the new study has any point.</param>
    /// <param name="residualMean">Mean of the residuals, added back to every prediction.</param>
    /// <param name="residualScale">Standard deviation of the residuals, by which the residual GP's predictions are scaled.</param>
    /// <param name="priorVariance">The variance everywhere while there is no residual GP.</param>
    public StackedSurrogate(
        IReadOnlyList<ISurrogate> priorModels, IReadOnlyList<double> priorWeights,
        GaussianProcess? residual, double residualMean, double residualScale, double priorVariance)
    {
        if (priorModels.Count != priorWeights.Count)
            throw new ArgumentException($"{priorModels.Count} models but {priorWeights.Count} weights");
        _prior = priorModels.Zip(priorWeights).Where(m => m.Second > 0).ToArray();
        _residual = residual;
        _residualMean = residualMean;
        _residualScale = residualScale;
        _priorVariance = priorVariance;
    }

    /// <summary>Whether any earlier study contributes to the mean.</summary>
    public bool HasPrior => _prior.Length > 0;

    /// <summary>This prior with <paramref name="residual"/> stacked on it (arguments as in the constructor).</summary>
    public StackedSurrogate WithResidual(GaussianProcess? residual, double residualMean, double residualScale, double priorVariance) =>
        new([.. _prior.Select(p => p.Model)], [.. _prior.Select(p => p.Weight)], residual, residualMean, residualScale, priorVariance);

    /// <summary>The prior mean alone, Σ wᵢμᵢ(x).</summary>
    public double PriorMean(ReadOnlySpan<double> x)
    {
        var mean = 0.0;
        foreach (var (model, w) in _prior)
            mean += w * model.Predict(x).Mean;
        return mean;
    }

    /// <inheritdoc/>
    public (double Mean, double Variance) Predict(ReadOnlySpan<double> x) => Predict(x, [], []);

    /// <inheritdoc/>
    public (double Mean, double Variance) Predict(ReadOnlySpan<double> x, Span<double> meanGradient, Span<double> varianceGradient)
    {
        var withGradient = !meanGradient.IsEmpty;
        Span<double> mg = withGradient ? new double[x.Length] : [];
        // The prior models' variance gradients are not used; they land here and are overwritten by the residual's.
        Span<double> vg = withGradient ? new double[x.Length] : [];
        meanGradient.Clear();
        varianceGradient.Clear();
        var mean = _residualMean;
        foreach (var (model, w) in _prior)
        {
            mean += w * model.Predict(x, mg, vg).Mean;
            for (var j = 0; j < mg.Length; j++)
                meanGradient[j] += w * mg[j];
        }
        if (_residual is null)
            return (mean, _priorVariance);

        var (m, v) = _residual.Predict(x, mg, vg);
        var scale2 = _residualScale * _residualScale;
        for (var j = 0; j < mg.Length; j++)
        {
            meanGradient[j] += _residualScale * mg[j];
            varianceGradient[j] = scale2 * vg[j];
        }
        return (mean + _residualScale * m, scale2 * v);
    }
}
