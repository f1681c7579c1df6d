using System.Numerics;
using MetaOpt.SearchSpace;

namespace MetaOpt.Samplers.Tpe;

/// <summary>Truncated-normal kernels over a numeric parameter's model space (log space for log parameters).</summary>
/// <remarks>
/// Discrete parameters (integers, stepped floats) score a value by the kernel's mass on the cell that rounds to
/// it, so the density matches what sampling then rounding actually produces.
/// </remarks>
internal sealed class NumericParzenDimension : IParzenDimension
{
    private readonly Distribution _distribution;
    private readonly double _low;
    private readonly double _high;
    private readonly double[] _mus;
    private readonly double[] _sigmas;
    private readonly double[] _logMasses;
    private readonly double[] _logConstants;
    private readonly double[] _inverseSigmas;
    // Concurrent: the candidates of one suggestion may be scored on several threads.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<double, double[]> _cellLogProbabilities = new();

    /// <param name="distribution">The parameter's distribution.</param>
    /// <param name="observations">Observed internal values; an empty list leaves only the prior.</param>
    /// <param name="settings">Prior, clipping and bandwidth rules.</param>
    /// <param name="dimensions">Number of parameters in the joint mixture (for the multivariate bandwidth).</param>
    public NumericParzenDimension(Distribution distribution, IReadOnlyList<double> observations, ParzenEstimatorSettings settings, int dimensions)
    {
        _distribution = distribution;
        (_low, _high) = SearchSpaceTransform.ModelBounds(distribution);
        var withPrior = settings.ConsiderPrior || observations.Count == 0;
        _mus = new double[observations.Count + (withPrior ? 1 : 0)];
        for (var i = 0; i < observations.Count; i++)
            _mus[i] = SearchSpaceTransform.ToModel(distribution, observations[i]);
        if (withPrior)
            _mus[^1] = 0.5 * (_low + _high);
        _sigmas = Bandwidths(_mus, observations.Count, withPrior, _low, _high, settings, dimensions);
        _logMasses = new double[_mus.Length];
        _logConstants = new double[_mus.Length];
        _inverseSigmas = new double[_mus.Length];
        for (var k = 0; k < _mus.Length; k++)
        {
            _inverseSigmas[k] = 1 / _sigmas[k];
            _logMasses[k] = TruncatedNormal.LogMass(_mus[k], _sigmas[k], _low, _high);
            _logConstants[k] = TruncatedNormal.LogConstant(_sigmas[k], _logMasses[k]);
        }
    }

    /// <summary>The kernel widths, observations first and the prior last (for tests and diagnostics).</summary>
    public IReadOnlyList<double> Sigmas => _sigmas;

    /// <inheritdoc/>
    public void AddLogDensities(double internalValue, ReadOnlySpan<double> from, Span<double> terms)
    {
        if (SearchSpaceTransform.Cell(_distribution, internalValue) is not { } cell)
        {
            AddLogPdfs(SearchSpaceTransform.ToModel(_distribution, internalValue), from, terms);
            return;
        }
        // Candidates of a discrete parameter repeat a few grid points, and a cell's mass costs two erfc per kernel.
        if (!_cellLogProbabilities.TryGetValue(internalValue, out var logProbabilities))
        {
            var lower = Math.Max(cell.Low, _low);
            var upper = Math.Min(cell.High, _high);
            logProbabilities = new double[_mus.Length];
            for (var k = 0; k < logProbabilities.Length; k++)
                logProbabilities[k] = TruncatedNormal.LogCdfDifference((lower - _mus[k]) / _sigmas[k], (upper - _mus[k]) / _sigmas[k]) - _logMasses[k];
            _cellLogProbabilities[internalValue] = logProbabilities;
        }
        for (var k = 0; k < terms.Length; k++)
            terms[k] = from[k] + logProbabilities[k];
    }

    // The truncated normal log density, −z²/2 − log constant, for every kernel, four or eight kernels at a time: the inner loop of scoring a long history.
    private void AddLogPdfs(double x, ReadOnlySpan<double> from, Span<double> terms)
    {
        var k = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var width = Vector<double>.Count;
            var at = new Vector<double>(x);
            var half = new Vector<double>(0.5);
            for (; k <= terms.Length - width; k += width)
            {
                var z = (at - new Vector<double>(_mus, k)) * new Vector<double>(_inverseSigmas, k);
                var sum = new Vector<double>(from[k..]) - half * z * z - new Vector<double>(_logConstants, k);
                sum.CopyTo(terms[k..]);
            }
        }
        for (; k < terms.Length; k++)
        {
            var z = (x - _mus[k]) * _inverseSigmas[k];
            terms[k] = from[k] - 0.5 * z * z - _logConstants[k];
        }
    }

    /// <inheritdoc/>
    public double Sample(int component, Random random) =>
        SearchSpaceTransform.FromModel(_distribution,
            TruncatedNormal.Sample(random, _mus[component], _sigmas[component], _low, _high));

    /// <summary>
    /// Kernel widths. Univariate: each observation's kernel spans the larger gap to its sorted neighbours (the range
    /// ends count as neighbours), so dense regions get narrow kernels. Multivariate: one width for all kernels,
    /// shrinking with the number of observations like Scott's rule in d + 4 dimensions. Both are clipped to
    /// [range / min(100, 1 + kernels), range] by the magic clip, and the prior kernel always spans the whole range.
    /// </summary>
    internal static double[] Bandwidths(
        IReadOnlyList<double> mus, int observationCount, bool withPrior, double low, double high,
        ParzenEstimatorSettings settings, int dimensions)
    {
        var range = high - low;
        var sigmas = new double[mus.Count];
        if (settings.Multivariate)
            Array.Fill(sigmas, 0.2 * Math.Pow(Math.Max(observationCount, 1), -1.0 / (dimensions + 4)) * range);
        else
            NeighbourGaps(mus, low, high, settings.ConsiderEndpoints, sigmas);
        var minSigma = settings.ConsiderMagicClip ? range / Math.Min(100.0, 1 + mus.Count) : 1e-12 * Math.Max(range, 1);
        for (var k = 0; k < sigmas.Length; k++)
            sigmas[k] = Math.Clamp(sigmas[k], minSigma, Math.Max(range, minSigma));
        if (withPrior)
            sigmas[^1] = Math.Max(range, minSigma);
        return sigmas;
    }

    private static void NeighbourGaps(IReadOnlyList<double> mus, double low, double high, bool considerEndpoints, double[] sigmas)
    {
        // Sorted by value, ties by position (the order of a stable sort): a sort of primitive keys, then each run of
        // equal values put back in position order, many times faster than a sort with a comparison delegate.
        var values = mus.ToArray();
        var order = new int[values.Length];
        for (var k = 0; k < order.Length; k++)
            order[k] = k;
        Array.Sort(values, order);
        for (var start = 0; start < values.Length;)
        {
            var end = start + 1;
            while (end < values.Length && values[end].CompareTo(values[start]) == 0)
                end++;
            if (end - start > 1)
                Array.Sort(order, start, end - start);
            start = end;
        }
        for (var r = 0; r < order.Length; r++)
        {
            var left = r == 0 ? low : mus[order[r - 1]];
            var right = r == order.Length - 1 ? high : mus[order[r + 1]];
            var mu = mus[order[r]];
            // Without endpoints, an outermost kernel ignores its gap to the range end, which says nothing about the data.
            sigmas[order[r]] = order.Length >= 2 && !considerEndpoints && r == 0 ? right - mu
                : order.Length >= 2 && !considerEndpoints && r == order.Length - 1 ? mu - left
                : Math.Max(mu - left, right - mu);
        }
    }
}
