namespace MetaOpt.Studies;

/// <summary>
/// The pruners by name, with the settings the launcher and the benchmarks run them with: the one place those live.
/// </summary>
public static class PrunerRegistry
{
    /// <summary>Every pruner's name.</summary>
    public static NamedKinds<PrunerKind> Names { get; } = new("pruner",
    [
        (PrunerKind.None, "none"),
        (PrunerKind.Median, "median"),
        (PrunerKind.Asha, "asha"),
        (PrunerKind.Hyperband, "hyperband"),
    ]);

    /// <summary>A new pruner of that kind for trials that report epochs 0 .. <paramref name="epochs"/> - 1 as steps.</summary>
    /// <remarks>
    /// Median waits for 5 finished trials (its default) and never judges the first two epochs, as the Optuna peer study does;
    /// ASHA and Hyperband use rungs at epochs 1, 3, 9... (reduction factor 3), which fits trials of about 10 epochs.
    /// </remarks>
    public static IPruner Create(PrunerKind kind, int epochs) => kind switch
    {
        PrunerKind.None => new NopPruner(),
        PrunerKind.Median => new MedianPruner(new PercentilePrunerOptions { WarmupSteps = 2 }),
        PrunerKind.Asha => new SuccessiveHalvingPruner(new SuccessiveHalvingPrunerOptions { MinResource = 1, ReductionFactor = 3 }),
        PrunerKind.Hyperband => new HyperbandPruner(new HyperbandPrunerOptions { MinResource = 1, MaxResource = epochs > 1 ? epochs : null, ReductionFactor = 3 }),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no such pruner"),
    };

    /// <summary>A new pruner of that name or alias.</summary>
    /// <exception cref="ArgumentException">No pruner has that name (one line listing the names).</exception>
    public static IPruner Create(string name, int epochs) => Create(Names.Parse(name), epochs);
}
