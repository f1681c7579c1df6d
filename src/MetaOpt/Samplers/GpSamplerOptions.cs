namespace MetaOpt;

/// <summary>Settings of a <see cref="GpSampler"/>.</summary>
/// <example>
/// <code>
/// var sampler = new GpSampler(new GpSamplerOptions { Seed = 1, StartupTrials = 5 });
/// </code>
/// </example>
public sealed record GpSamplerOptions
{
    /// <summary>Seed of every random choice; a random seed when null.</summary>
    public int? Seed { get; init; }

    /// <summary>Trials from the quasi-random design before the GP takes over (not used with a warm start); at least 1.</summary>
    public int StartupTrials { get; init; } = 10;

    /// <summary>The sequence start-up trials (and parameters outside the model) are drawn from; null for independent
    /// uniform draws. Scrambled Halton by default, which the draws of a seed have always followed.</summary>
    public QmcKind? StartupDesign { get; init; } = QmcKind.Halton;

    /// <summary>Quasi-random points scored when maximising the acquisition; at least 1.</summary>
    public int Candidates { get; init; } = 1024;

    /// <summary>How many of the best candidates are refined by gradient search; at least 1.</summary>
    public int LocalSearches { get; init; } = 5;

    /// <summary>New observations between full multi-start hyperparameter fits; at least 1.</summary>
    public int FullRefitInterval { get; init; } = 10;

    /// <summary>How earlier studies (<see cref="StudyOptions.WarmStartFrom"/>) enter the model; stacked RGPE by default.</summary>
    public TransferMethod Transfer { get; init; } = TransferMethod.StackedRgpe;

    /// <summary>Throws for a setting outside its range, naming it.</summary>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(StartupTrials, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Candidates, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(LocalSearches, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(FullRefitInterval, 1);
        if (StartupDesign is { } design && !Enum.IsDefined(design))
            throw new ArgumentOutOfRangeException(nameof(StartupDesign), design, "StartupDesign must be Sobol, Halton or null (random).");
        if (!Enum.IsDefined(Transfer))
            throw new ArgumentOutOfRangeException(nameof(Transfer), Transfer, "Transfer must be StackedRgpe or GaussianCopula.");
    }
}
