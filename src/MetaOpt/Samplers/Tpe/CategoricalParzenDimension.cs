namespace MetaOpt.Samplers.Tpe;

/// <summary>Categorical kernels: each observation puts most of its mass on its own choice, the prior is uniform.</summary>
/// <remarks>
/// An observation's kernel gives every choice prior_weight / kernels plus 1 on the observed choice, normalised:
/// a smoothing that fades as observations accumulate (an Aitchison–Aitken-style kernel whose bandwidth shrinks
/// with n), so an unseen choice is never ruled out while the prior is on.
/// </remarks>
internal sealed class CategoricalParzenDimension : IParzenDimension
{
    private readonly double[][] _logProbabilities;
    private readonly double[][] _cumulative;

    public CategoricalParzenDimension(CategoricalDistribution distribution, IReadOnlyList<double> observations, ParzenEstimatorSettings settings)
    {
        var choices = distribution.Choices.Count;
        var withPrior = settings.ConsiderPrior || observations.Count == 0;
        var kernels = observations.Count + (withPrior ? 1 : 0);
        var smoothing = settings.ConsiderPrior ? settings.PriorWeight / kernels : 0;
        _logProbabilities = new double[kernels][];
        _cumulative = new double[kernels][];
        for (var k = 0; k < kernels; k++)
        {
            var mass = new double[choices];
            if (k < observations.Count)
            {
                Array.Fill(mass, smoothing);
                mass[(int)observations[k]] += 1;
            }
            else
                Array.Fill(mass, 1.0);
            var total = mass.Sum();
            _logProbabilities[k] = mass.Select(m => Math.Log(m / total)).ToArray();
            _cumulative[k] = new double[choices];
            var running = 0.0;
            for (var c = 0; c < choices; c++)
                _cumulative[k][c] = running += mass[c] / total;
        }
    }

    /// <inheritdoc/>
    public void AddLogDensities(double internalValue, ReadOnlySpan<double> from, Span<double> terms)
    {
        var choice = (int)internalValue;
        for (var k = 0; k < terms.Length; k++)
            terms[k] = from[k] + _logProbabilities[k][choice];
    }

    /// <inheritdoc/>
    public double Sample(int component, Random random)
    {
        var cumulative = _cumulative[component];
        var u = random.NextDouble() * cumulative[^1];
        var index = Array.FindIndex(cumulative, c => u < c);
        return index < 0 ? cumulative.Length - 1 : index;
    }
}
