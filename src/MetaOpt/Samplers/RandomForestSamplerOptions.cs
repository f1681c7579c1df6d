namespace MetaOpt;

/// <summary>Settings of a <see cref="RandomForestSampler"/>; the forest's defaults are those of SMAC3's hyperparameter-optimisation facade.</summary>
/// <example>
/// <code>
/// var sampler = new RandomForestSampler(new RandomForestSamplerOptions { Seed = 1, StartupTrials = 8 });
/// </code>
/// </example>
public sealed record RandomForestSamplerOptions
{
    /// <summary>Seed of every random choice; a random seed when null.</summary>
    public int? Seed { get; init; }

    /// <summary>Finished trials from the start-up design before the forest is used; at least 2 (a forest needs two values).</summary>
    public int StartupTrials { get; init; } = 10;

    /// <summary>The sequence start-up trials, interleaved random trials and parameters outside the model are drawn
    /// from; null for independent uniform draws. Scrambled Sobol by default, as SMAC's.</summary>
    public QmcKind? StartupDesign { get; init; } = QmcKind.Sobol;

    /// <summary>Trees in the forest; at least 1.</summary>
    public int Trees { get; init; } = 10;

    /// <summary>Fewest observations a node needs to be split; at least 2.</summary>
    public int MinSamplesSplit { get; init; } = 2;

    /// <summary>Fewest observations in a leaf; at least 1.</summary>
    public int MinSamplesLeaf { get; init; } = 1;

    /// <summary>Share of the parameters tried at each split, drawn at random; above 0 and at most 1.</summary>
    public double MaxFeaturesRatio { get; init; } = 1.0;

    /// <summary>Grow each tree on a bootstrap sample of the trials (on all of them when false).</summary>
    public bool Bootstrap { get; init; } = true;

    /// <summary>Model log(v − min + median gap) instead of the values, so a few huge values (diverged trainings,
    /// runtimes) do not dominate the splits and the region near the best value is resolved; SMAC's <c>log_y</c>,
    /// shifted so any sign works. On by default: it lowered the median regret on all five benchmark functions
    /// (<c>docs/samplers.md</c>).</summary>
    public bool LogTargets { get; init; } = true;

    /// <summary>Local searches per proposal, started from the best finished configurations and the best random
    /// candidates; at least 0 (0: random candidates only).</summary>
    public int LocalSearches { get; init; } = 10;

    /// <summary>Random configurations scored per proposal (SMAC's sorted random search); at least 1.</summary>
    public int RandomCandidates { get; init; } = 1000;

    /// <summary>Probability that a trial after the start-up is drawn from the design instead of the model (SMAC's
    /// interleaved random configurations, which keep the search global whatever the model believes); between 0 and 1.
    /// 0.1, half of SMAC's 0.2, which cost too much of a 100-trial budget in the benchmark (<c>docs/samplers.md</c>).</summary>
    public double RandomInterleave { get; init; } = 0.1;

    /// <summary>Throws for a setting outside its range, naming it.</summary>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(StartupTrials, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(Trees, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MinSamplesSplit, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(MinSamplesLeaf, 1);
        if (!(MaxFeaturesRatio > 0 && MaxFeaturesRatio <= 1))
            throw new ArgumentOutOfRangeException(nameof(MaxFeaturesRatio), MaxFeaturesRatio, "MaxFeaturesRatio must be above 0 and at most 1.");
        ArgumentOutOfRangeException.ThrowIfLessThan(LocalSearches, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(RandomCandidates, 1);
        if (!(RandomInterleave >= 0 && RandomInterleave <= 1))
            throw new ArgumentOutOfRangeException(nameof(RandomInterleave), RandomInterleave, "RandomInterleave must be between 0 and 1.");
        if (StartupDesign is { } design && !Enum.IsDefined(design))
            throw new ArgumentOutOfRangeException(nameof(StartupDesign), design, "StartupDesign must be Sobol, Halton or null (random).");
    }
}
