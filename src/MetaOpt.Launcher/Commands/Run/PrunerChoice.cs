using MetaOpt.Studies;

namespace MetaOpt.Launcher.Commands.Run;

/// <summary>The pruners the launcher can build, by their command-line names.</summary>
internal static class PrunerChoice
{
    public static IReadOnlyList<string> Names { get; } = Enum.GetValues<PrunerKind>().Select(Name).ToArray();

    public static string Name(PrunerKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>Builds the named pruner for trials that report epochs 0 .. <paramref name="epochs"/> - 1 as steps.</summary>
    /// <remarks>
    /// Median waits for 5 finished trials and never judges the first two epochs, as the Optuna peer study does;
    /// ASHA and Hyperband use rungs at epochs 1, 3, 9... (reduction factor 3), which fits trials of about 10 epochs.
    /// </remarks>
    public static IPruner Create(string name, int epochs) =>
        Enum.Parse<PrunerKind>(name, ignoreCase: true) switch
        {
            PrunerKind.None => new NopPruner(),
            PrunerKind.Median => new MedianPruner(nStartupTrials: 5, nWarmupSteps: 2),
            PrunerKind.Asha => new SuccessiveHalvingPruner(minResource: 1, reductionFactor: 3),
            PrunerKind.Hyperband => new HyperbandPruner(minResource: 1, maxResource: epochs > 1 ? epochs : null, reductionFactor: 3),
            var kind => throw new ArgumentOutOfRangeException(nameof(name), kind, "no such pruner"),
        };
}
