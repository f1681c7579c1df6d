namespace MetaOpt.Samplers.Tpe;

/// <summary>
/// A weighted mixture of product kernels over one or more parameters: the l(x) or g(x) of the tree-structured
/// Parzen estimator (Bergstra et al. 2011). Component k is observation k (or the prior, last); its kernel is the
/// product of one kernel per parameter, so a multivariate mixture keeps the dependence between parameters.
/// </summary>
internal sealed class ParzenEstimator
{
    private const double NegligibleTerm = 40;

    private readonly IParzenDimension[] _dimensions;
    private readonly double[] _logWeights;
    private readonly double[] _cumulativeWeights;

    /// <param name="distributions">The parameters.</param>
    /// <param name="columns">For each parameter, the internal values of the observations, in the same order.</param>
    /// <param name="weights">A non-negative weight per observation.</param>
    /// <param name="settings">Prior, clipping and bandwidth rules.</param>
    public ParzenEstimator(
        IReadOnlyList<Distribution> distributions, IReadOnlyList<double[]> columns, IReadOnlyList<double> weights,
        ParzenEstimatorSettings settings)
    {
        if (distributions.Count == 0)
            throw new ArgumentException("a mixture needs at least one parameter", nameof(distributions));
        if (columns.Count != distributions.Count || columns.Any(c => c.Length != weights.Count))
            throw new ArgumentException($"{columns.Count} columns of {string.Join(", ", columns.Select(c => c.Length))} values for {distributions.Count} parameters and {weights.Count} weights");
        var count = weights.Count;
        _dimensions = new IParzenDimension[distributions.Count];
        for (var d = 0; d < distributions.Count; d++)
        {
            _dimensions[d] = distributions[d] is CategoricalDistribution c
                ? new CategoricalParzenDimension(c, columns[d], settings)
                : new NumericParzenDimension(distributions[d], columns[d], settings, distributions.Count);
        }
        var withPrior = settings.ConsiderPrior || count == 0;
        var all = new double[count + (withPrior ? 1 : 0)];
        for (var k = 0; k < count; k++)
            all[k] = weights[k];
        if (withPrior)
            all[^1] = count == 0 ? 1 : settings.PriorWeight;
        var total = all.Sum();
        if (!(total > 0))
            throw new ArgumentException("the observation weights must not all be zero");
        _logWeights = new double[all.Length];
        _cumulativeWeights = new double[all.Length];
        var running = 0.0;
        for (var k = 0; k < all.Length; k++)
        {
            _logWeights[k] = Math.Log(all[k] / total);
            _cumulativeWeights[k] = running += all[k] / total;
        }
    }

    /// <summary>The kernels of parameter <paramref name="dimension"/> (for tests and diagnostics).</summary>
    public IParzenDimension Dimension(int dimension) => _dimensions[dimension];

    /// <summary>Number of mixture components: the observations plus the prior, if any.</summary>
    public int ComponentCount => _logWeights.Length;

    /// <summary>A draw: pick a component by weight, then draw each parameter from that component's kernel.</summary>
    public double[] Sample(Random random)
    {
        var u = random.NextDouble();
        var component = Array.FindIndex(_cumulativeWeights, c => u < c);
        if (component < 0)
            component = _cumulativeWeights.Length - 1;
        var x = new double[_dimensions.Length];
        for (var d = 0; d < x.Length; d++)
            x[d] = _dimensions[d].Sample(component, random);
        return x;
    }

    /// <summary>Log density of the mixture at a point of internal values, by log-sum-exp over the components.</summary>
    public double LogDensity(IReadOnlyList<double> x)
    {
        // A pooled buffer: a new one per candidate would allocate megabytes per ask in a long study.
        var rented = _logWeights.Length <= 512 ? null : System.Buffers.ArrayPool<double>.Shared.Rent(_logWeights.Length);
        try
        {
            return LogSumExp(rented is null ? stackalloc double[_logWeights.Length] : rented.AsSpan(0, _logWeights.Length), x);
        }
        finally
        {
            if (rented is not null)
                System.Buffers.ArrayPool<double>.Shared.Return(rented);
        }
    }

    private double LogSumExp(Span<double> terms, IReadOnlyList<double> x)
    {
        // The first dimension adds to the weights; copying them into the buffer first was a tenth of an ask.
        for (var d = 0; d < _dimensions.Length; d++)
            _dimensions[d].AddLogDensities(x[d], d == 0 ? _logWeights : terms, terms);
        var max = double.NegativeInfinity;
        foreach (var term in terms)
            max = Math.Max(max, term);
        if (double.IsNegativeInfinity(max))
            return max;
        // The largest term adds exp(0) = 1 and a term more than 40 below it under 4.3e-18, less than half an ulp of the
        // sum (10,000 of them change the log by 4e-14 at most): far kernels, most of a long history's, skip exp.
        var cutoff = max - NegligibleTerm;
        var sum = 0.0;
        foreach (var term in terms)
        {
            if (term > cutoff)
                sum += Math.Exp(term - max);
        }
        return max + Math.Log(sum);
    }
}
