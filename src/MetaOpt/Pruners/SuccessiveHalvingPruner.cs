using System.Globalization;
using MetaOpt.Pruners;

namespace MetaOpt;

/// <summary>
/// Asynchronous successive halving (ASHA, Li et al. 2018, as Optuna's <c>SuccessiveHalvingPruner</c>): a trial
/// passes rungs at growing steps and goes on only while it is among the best <c>1/ReductionFactor</c> of the
/// trials that reached the same rung.
/// </summary>
/// <remarks>
/// <para>Rung <c>k</c> is reached at step <c>MinResource · ReductionFactor^(MinEarlyStoppingRate + k)</c>. When a
/// trial's latest step reaches its next rung, its latest value is recorded in the trial's system attribute
/// <c>completed_rung_k</c> (so a reloaded study keeps every decision), and compared with the values every other
/// trial of the study, in any state, recorded at that rung. With <c>n</c> values including its own, sorted best
/// first, the trial is promoted when its value is at least as good as the one at index
/// <c>max(n / ReductionFactor - 1, 0)</c>: until <c>ReductionFactor</c> trials reached the rung only the best so far
/// goes on, since a trial cannot be paused and promoted later. A promoted trial is checked against the next rung at
/// once, with the same value, if its step already reaches it. A NaN value at a rung prunes the trial, and so does
/// reaching a rung among the first <c>BootstrapCount</c> trials.</para>
/// <para>The largest resource is not a parameter: the objective decides how many steps a trial runs.</para>
/// </remarks>
public sealed class SuccessiveHalvingPruner : IPruner
{
    private const string RungKeyPrefix = "completed_rung_";

    private readonly int? _minResource;

    /// <summary>Creates the pruner with the default settings (automatic minimum resource, η = 4).</summary>
    public SuccessiveHalvingPruner()
        : this(new SuccessiveHalvingPrunerOptions())
    {
    }

    /// <summary>Creates the pruner.</summary>
    /// <param name="options">Its settings.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is outside its range (the exception names it).</exception>
    /// <exception cref="ArgumentException">A positive <see cref="SuccessiveHalvingPrunerOptions.BootstrapCount"/> with an automatic minimum resource.</exception>
    public SuccessiveHalvingPruner(SuccessiveHalvingPrunerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _minResource = options.MinResource;
        ReductionFactor = options.ReductionFactor;
        MinEarlyStoppingRate = options.MinEarlyStoppingRate;
        BootstrapCount = options.BootstrapCount;
    }

    /// <summary>Creates the pruner from Optuna-style arguments.</summary>
    [Obsolete("Use new SuccessiveHalvingPruner(new SuccessiveHalvingPrunerOptions { ... }); this constructor goes in the next release.")]
    public SuccessiveHalvingPruner(int? minResource = null, int reductionFactor = 4, int minEarlyStoppingRate = 0, int bootstrapCount = 0)
        : this(new SuccessiveHalvingPrunerOptions
        {
            MinResource = minResource, ReductionFactor = reductionFactor, MinEarlyStoppingRate = minEarlyStoppingRate, BootstrapCount = bootstrapCount,
        })
    {
    }

    /// <summary>The minimum resource, or null when it is derived from the first trial to complete.</summary>
    public int? MinResource => _minResource;

    /// <summary>The reduction factor η.</summary>
    public int ReductionFactor { get; }

    /// <summary>The minimum early-stopping rate s.</summary>
    public int MinEarlyStoppingRate { get; }

    /// <summary>Trials that must reach a rung before any is promoted from it.</summary>
    public int BootstrapCount { get; }

    /// <summary>The system attribute in which a trial records its value at a rung.</summary>
    public static string RungKey(int rung) => RungKeyPrefix + rung.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public bool Prune(Study study, FrozenTrial trial) => Prune(study, trial, () => study.Trials);

    /// <summary>Decides for a trial that competes only with <paramref name="loadCompetitors"/> (Hyperband's bracket).</summary>
    /// <param name="study">The study, for its direction and storage.</param>
    /// <param name="trial">The running trial.</param>
    /// <param name="loadCompetitors">Loads the trials the decision is made among; called at most once, and only when needed.</param>
    internal bool Prune(Study study, FrozenTrial trial, Func<IReadOnlyList<FrozenTrial>> loadCompetitors)
    {
        if (trial.LastIntermediate is not { } last)
            return false;
        var (step, value) = last;
        IReadOnlyList<FrozenTrial>? competitors = null;
        var minResource = _minResource ?? AutomaticMinResource(competitors = loadCompetitors());
        if (minResource is null)
            return false;
        for (var rung = CurrentRung(trial); step >= PromotionStep(minResource.Value, rung); rung++)
        {
            if (double.IsNaN(value))
                return true;
            competitors ??= loadCompetitors();
            var key = RungKey(rung);
            study.SetTrialSystemAttr(trial.Id, key, value);
            var atRung = ValuesAtRung(competitors, trial.Id, key);
            atRung.Add(value);
            if (atRung.Count <= BootstrapCount || !IsPromotable(value, atRung, study.Direction))
                return true;
        }
        return false;
    }

    private static int? AutomaticMinResource(IReadOnlyList<FrozenTrial> trials) =>
        FirstCompletedTrial.LastStep(trials) is { } lastStep ? Math.Max(lastStep / 100, 1) : null;

    /// <summary>The first rung the trial has not recorded a value for.</summary>
    private static int CurrentRung(FrozenTrial trial)
    {
        var rung = 0;
        while (trial.SystemAttrs.ContainsKey(RungKey(rung)))
            rung++;
        return rung;
    }

    /// <summary>The step at which a trial reaches the rung; long.MaxValue when beyond any int step.</summary>
    private long PromotionStep(int minResource, int rung)
    {
        long step = minResource;
        for (var i = 0; i < MinEarlyStoppingRate + rung; i++)
        {
            step *= ReductionFactor;
            if (step > int.MaxValue)
                return long.MaxValue;
        }
        return step;
    }

    private static List<double> ValuesAtRung(IReadOnlyList<FrozenTrial> trials, long exceptTrialId, string key)
    {
        var values = new List<double>();
        foreach (var trial in trials)
        {
            if (trial.Id != exceptTrialId && trial.SystemAttrs.TryGetValue(key, out var recorded))
                values.Add(Convert.ToDouble(recorded, CultureInfo.InvariantCulture));
        }
        return values;
    }

    private bool IsPromotable(double value, List<double> atRung, Direction direction)
    {
        var rank = Math.Max(atRung.Count / ReductionFactor - 1, 0);
        atRung.Sort();
        return direction == Direction.Minimize ? value <= atRung[rank] : value >= atRung[^(rank + 1)];
    }
}
