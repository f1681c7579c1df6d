namespace MetaOpt;

/// <summary>Settings of an <see cref="AutoSampler"/>.</summary>
/// <example>
/// <code>
/// var sampler = new AutoSampler(new AutoSamplerOptions { Seed = 7, GpTrials = 100 });
/// </code>
/// </example>
public sealed record AutoSamplerOptions
{
    /// <summary>Seed of both samplers it delegates to; a random seed when null.</summary>
    public int? Seed { get; init; }

    /// <summary>
    /// Finished trials below which the GP proposes; from this many on, TPE does. The default keeps the GP's median ask
    /// under 100 ms with or without a warm start (measured in <c>docs/samplers.md</c>); at least 0 (0: always TPE).
    /// </summary>
    public int GpTrials { get; init; } = 200;

    /// <summary>
    /// Share of the parameters that are categorical or conditional (missing from some finished trial) above which TPE
    /// proposes at any history size: the GP's kernel fits such spaces poorly. Between 0 and 1 (1: never on this ground).
    /// </summary>
    public double TpeShare { get; init; } = 0.5;

    /// <summary>
    /// Complete trials of a multi-objective study below which TPE (MOTPE) proposes; from this many on, NSGA-II does,
    /// its first parents the best of those trials. MOTPE leads early and NSGA-II late; of the switches measured in
    /// <c>docs/multi-objective.md</c>, the default gave the best hypervolume at 300 and 1000 trials. At least 0 (0: always NSGA-II).
    /// </summary>
    public int MotpeTrials { get; init; } = 150;

    /// <summary>Throws for a setting outside its range, naming it.</summary>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(GpTrials, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(MotpeTrials, 0);
        if (!(TpeShare >= 0 && TpeShare <= 1))
            throw new ArgumentOutOfRangeException(nameof(TpeShare), TpeShare, "TpeShare must be between 0 and 1.");
    }
}
