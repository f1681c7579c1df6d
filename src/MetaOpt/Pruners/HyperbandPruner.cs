using System.Globalization;
using System.Text;
using MetaOpt.Pruners;

namespace MetaOpt;

/// <summary>
/// Hyperband (Li et al. 2018) over asynchronous successive halving, as Optuna's <c>HyperbandPruner</c>: trials are
/// spread over brackets that prune more or less aggressively, and each bracket is a
/// <see cref="SuccessiveHalvingPruner"/> among its own trials only.
/// </summary>
/// <remarks>
/// <para>There are <c>floor(log_η(MaxResource / MinResource)) + 1</c> brackets, computed exactly in integers.
/// (Optuna computes it in floating point, which gives one bracket fewer when the ratio is an exact power whose
/// logarithm rounds down, such as 243 with η = 3.) Bracket <c>b</c> is successive halving with minimum resource
/// <c>MinResource</c>, reduction factor η and minimum early-stopping rate <c>b</c>, so bracket 0 prunes the earliest.</para>
/// <para>A trial's bracket is fixed by its study name and number, as in Optuna: the CRC-32 of the UTF-8 text
/// <c>"{studyName}_{trialNumber}"</c>, modulo the sum of the bracket budgets, falls into bracket <c>b</c>'s share,
/// where with <c>B</c> brackets and <c>s = B - 1 - b</c> the budget of bracket <c>b</c> is
/// <c>ceil(B · η^s / (s + 1))</c> (the number of trials Hyperband's bracket <c>s</c> starts). The same study gets the
/// same brackets in every process and after a reload, and the rung values live in the trials' system attributes,
/// so a reloaded study makes the same decisions. When a trial is first checked its bracket is also recorded in the
/// system attribute <see cref="BracketAttr"/>.</para>
/// <para>Unlike Optuna, the sampler is not restricted to the trials of the new trial's bracket: an
/// <see cref="ISampler"/> receives the whole <see cref="Study"/>, and the engine has no filtered view of a study to
/// hand it. Samplers therefore learn from trials of every bracket (pruned trials with their last value), which
/// also spares them a separate start-up phase per bracket. A sampler that wants Optuna's behaviour can keep only
/// the trials for which <see cref="BracketOf"/> gives the new trial's bracket.</para>
/// </remarks>
public sealed class HyperbandPruner : IPruner
{
    /// <summary>The trial system attribute holding the trial's bracket (an int).</summary>
    public const string BracketAttr = "hyperband_bracket";

    private readonly Brackets? _fixedBrackets;

    /// <summary>Creates the pruner with the default settings (minimum resource 1, automatic maximum, η = 3).</summary>
    public HyperbandPruner()
        : this(new HyperbandPrunerOptions())
    {
    }

    /// <summary>Creates the pruner.</summary>
    /// <param name="options">Its settings.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is outside its range (the exception names it).</exception>
    /// <exception cref="ArgumentException">A positive <see cref="HyperbandPrunerOptions.BootstrapCount"/> with an automatic maximum resource.</exception>
    public HyperbandPruner(HyperbandPrunerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        MinResource = options.MinResource;
        MaxResource = options.MaxResource;
        ReductionFactor = options.ReductionFactor;
        BootstrapCount = options.BootstrapCount;
        if (options.MaxResource is { } max)
            _fixedBrackets = new Brackets(this, max);
    }

    /// <summary>Creates the pruner from Optuna-style arguments.</summary>
    [Obsolete("Use new HyperbandPruner(new HyperbandPrunerOptions { ... }); this constructor goes in the next release.")]
    public HyperbandPruner(int minResource = 1, int? maxResource = null, int reductionFactor = 3, int bootstrapCount = 0)
        : this(new HyperbandPrunerOptions
        {
            MinResource = minResource, MaxResource = maxResource, ReductionFactor = reductionFactor, BootstrapCount = bootstrapCount,
        })
    {
    }

    /// <summary>Steps before the first rung of bracket 0.</summary>
    public int MinResource { get; }

    /// <summary>The largest step count, or null when it is derived from the first trial to complete.</summary>
    public int? MaxResource { get; }

    /// <summary>The reduction factor η.</summary>
    public int ReductionFactor { get; }

    /// <summary>Trials that must reach a rung before any is promoted from it.</summary>
    public int BootstrapCount { get; }

    /// <summary>The bracket of the study's trial <paramref name="trialNumber"/>, or null while the maximum resource is still unknown.</summary>
    public int? BracketOf(Study study, int trialNumber) =>
        (_fixedBrackets ?? BracketsFrom(study.Trials))?.BracketOf(study.Name, trialNumber);

    /// <inheritdoc/>
    public bool Prune(Study study, FrozenTrial trial)
    {
        IReadOnlyList<FrozenTrial>? trials = null;
        var brackets = _fixedBrackets ?? BracketsFrom(trials = study.Trials);
        if (brackets is null)
            return false;
        var bracket = brackets.BracketOf(study.Name, trial.Number);
        if (!trial.SystemAttrs.ContainsKey(BracketAttr))
            study.SetTrialSystemAttr(trial.Id, BracketAttr, bracket);
        return brackets.Pruners[bracket].Prune(study, trial,
            () => (trials ?? study.Trials).Where(t => brackets.BracketOf(study.Name, t.Number) == bracket).ToList());
    }

    /// <summary>floor(log_η(maxResource / minResource)) + 1, in exact integer arithmetic.</summary>
    internal static int BracketCount(int minResource, int maxResource, int reductionFactor)
    {
        var count = 1;
        for (var resource = (long)minResource * reductionFactor; resource <= maxResource; resource *= reductionFactor)
            count++;
        return count;
    }

    private Brackets? BracketsFrom(IReadOnlyList<FrozenTrial> trials) =>
        FirstCompletedTrial.LastStep(trials) is { } lastStep ? new Brackets(this, Math.Max(lastStep + 1, MinResource)) : null;

    /// <summary>The brackets for a known maximum resource: their share of trials and their successive-halving pruners.</summary>
    private sealed class Brackets
    {
        private readonly long[] _budgets;
        private readonly long _totalBudget;

        public Brackets(HyperbandPruner owner, int maxResource)
        {
            var count = BracketCount(owner.MinResource, maxResource, owner.ReductionFactor);
            _budgets = new long[count];
            Pruners = new SuccessiveHalvingPruner[count];
            for (var bracket = 0; bracket < count; bracket++)
            {
                var s = count - 1 - bracket;
                var trialsStarted = count * (long)Math.Pow(owner.ReductionFactor, s);
                _budgets[bracket] = (trialsStarted + s) / (s + 1);
                Pruners[bracket] = new SuccessiveHalvingPruner(new SuccessiveHalvingPrunerOptions
                {
                    MinResource = owner.MinResource, ReductionFactor = owner.ReductionFactor, MinEarlyStoppingRate = bracket,
                    BootstrapCount = owner.BootstrapCount,
                });
            }
            _totalBudget = _budgets.Sum();
        }

        public SuccessiveHalvingPruner[] Pruners { get; }

        public int BracketOf(string studyName, int trialNumber)
        {
            var key = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{studyName}_{trialNumber}"));
            var position = Crc32.Compute(key) % _totalBudget;
            for (var bracket = 0; ; bracket++)
            {
                position -= _budgets[bracket];
                if (position < 0)
                    return bracket;
            }
        }
    }
}
