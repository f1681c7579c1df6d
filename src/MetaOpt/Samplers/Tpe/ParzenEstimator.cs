namespace MetaOpt.Samplers.Tpe;

/// <summary>
/// A weighted mixture of product kernels over one or more parameters: the l(x) or g(x) of the tree-structured
/// Parzen estimator (Bergstra et al. 2011). Component k is observation k (or the prior, last); its kernel is the
/// product of one kernel per parameter, so a multivariate mixture keeps the dependence between parameters.
/// </summary>
internal sealed class ParzenEstimator
{
    private readonly IParzenDimension[] _dimensions;
    private readonly double[] _logWeights;
    private readonly double[] _cumulativeWeights;

    /// <param name="distributions">The parameters, in the order of each observation's values.</param>
    /// <param name="observations">One row of internal values per observation.</param>
    /// <param name="weights">A non-negative weight per observation.</param>
    /// <param name="settings">Prior, clipping and bandwidth rules.</param>
    public ParzenEstimator(
        IReadOnlyList<Distribution> distributions, IReadOnlyList<double[]> observations, IReadOnlyList<double> weights,
        ParzenEstimatorSettings settings)
    {
        if (weights.Count != observations.Count)
            throw new ArgumentException($"{weights.Count} weights for {observations.Count} observations");
        _dimensions = new IParzenDimension[distributions.Count];
        for (var d = 0; d < distributions.Count; d++)
        {
            var column = observations.Select(row => row[d]).ToArray();
            _dimensions[d] = distributions[d] is CategoricalDistribution c
                ? new CategoricalParzenDimension(c, column, settings)
                : new NumericParzenDimension(distributions[d], column, settings, distributions.Count);
        }
        var all = weights.ToList();
        if (settings.ConsiderPrior || observations.Count == 0)
            all.Add(observations.Count == 0 ? 1 : settings.PriorWeight);
        var total = all.Sum();
        if (!(total > 0))
            throw new ArgumentException("the observation weights must not all be zero");
        _logWeights = all.Select(w => Math.Log(w / total)).ToArray();
        _cumulativeWeights = new double[all.Count];
        var running = 0.0;
        for (var k = 0; k < all.Count; k++)
            _cumulativeWeights[k] = running += all[k] / total;
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
        _logWeights.CopyTo(terms);
        for (var d = 0; d < _dimensions.Length; d++)
            _dimensions[d].AddLogDensities(x[d], terms);
        var max = double.NegativeInfinity;
        foreach (var term in terms)
            max = Math.Max(max, term);
        if (double.IsNegativeInfinity(max))
            return max;
        var sum = 0.0;
        foreach (var term in terms)
        {
            // Far kernels: exp is exactly 0 below about -745.13, and glibc's underflow path (errno and all) is slow.
            if (term - max > -746)
                sum += Math.Exp(term - max);
        }
        return max + Math.Log(sum);
    }
}
