using MetaOpt.Samplers;
using MetaOpt.Samplers.Qmc;

namespace MetaOpt;

/// <summary>Quasi-random search: each trial is one point of a scrambled Sobol or Halton sequence, spread more evenly than random points.</summary>
/// <remarks>
/// <para>Trial n takes point n of the sequence, so workers sharing a storage never take the same point, a resumed
/// study goes on where it stopped, and with a seed the study is reproducible. The k-th parameter a trial suggests
/// takes the point's k-th coordinate: an objective that suggests its parameters in a fixed order gives each parameter
/// one dimension throughout. Log parameters are spread on the log scale, integer and stepped ones give each value an
/// equal share, categorical ones each choice an equal share.</para>
/// <para>Sobol's stratification is exact for runs of 2^k trials: budgets that are powers of two use it fully. Unlike
/// Optuna's unscrambled sequence, a scrambled one does not start at the centre of the space (see
/// <c>docs/samplers.md</c> for what that does to benchmark functions whose optimum is there).</para>
/// </remarks>
public sealed class QmcSampler : ISampler
{
    private readonly QmcSequence _sequence;

    /// <summary>Creates the sampler: scrambled Sobol, with a random seed when <paramref name="seed"/> is null.</summary>
    public QmcSampler(int? seed)
        : this(new QmcSamplerOptions { Seed = seed })
    {
    }

    /// <summary>Creates the sampler with the default settings and a random seed.</summary>
    public QmcSampler()
        : this(new QmcSamplerOptions())
    {
    }

    /// <summary>Creates the sampler.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An unknown <see cref="QmcSamplerOptions.Kind"/>.</exception>
    public QmcSampler(QmcSamplerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Kind = options.Kind;
        _sequence = QmcSequence.Create(options.Kind, SamplerRandom.Seed(options.Seed), options.Scramble);
    }

    /// <summary>The sequence the points come from.</summary>
    public QmcKind Kind { get; }

    /// <inheritdoc/>
    public double SampleIndependent(Study study, FrozenTrial trial, string name, Distribution distribution) =>
        _sequence.Sample(trial, distribution);

    /// <inheritdoc/>
    /// <remarks>True: its draws do not depend on the values.</remarks>
    public bool SupportsMultiObjective => true;
}
