namespace MetaOpt;

/// <summary>
/// Spreads a study's trials over the choices of one categorical root parameter (the <c>strategy</c> of a strategy
/// search) by successive halving, and leaves every other parameter to the sampler it wraps.
/// </summary>
/// <remarks>
/// <para>A model-based sampler left to choose the root itself settles on the branch whose first few random points
/// happened to look best, and may never give the eventual winner the trials it needs to find its good region (on
/// MovieLens, TPE spent a strategy study on meta-learners while fine-tuning won). Successive halving over the choices
/// spends the budget on evidence instead: every choice first gets <c>trialsPerChoice</c> trials; then the better half
/// of the choices (by their best complete value) gets twice as many in all, then the better half of those four times
/// as many, and so on until one choice is left, which gets every trial after that.</para>
/// <para>Stateless: each decision counts the study's trials per choice (running, finished and failed ones), so it
/// holds across restarts and across workers sharing a storage. Trials enqueued with the root fixed (a study's
/// baselines, say) rank their choice by their values but fill no quota: they are points the user adds, often untuned
/// ones, and counting them left a choice one sampled trial short. The choice
/// with the fewest trials below its quota goes next, ties to the first in the distribution's order. A halving step
/// ranks by the complete trials there are: with parallel workers some of the round may still be running, as in
/// asynchronous successive halving. Choices without a complete trial rank last.</para>
/// <para>The wrapped sampler sees the trial as if the root had been fixed by <see cref="Study.EnqueueTrial"/>, so a
/// sampler that models the space jointly (GP, multivariate TPE) proposes the rest on the chosen branch.</para>
/// </remarks>
public sealed class ChoiceHalvingSampler : ISampler
{
    private readonly ISampler _inner;
    private readonly string _parameter;
    private readonly int _trialsPerChoice;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    /// <param name="inner">Samples every parameter but the root.</param>
    /// <param name="parameter">The categorical root parameter whose choices the trials are spread over.</param>
    /// <param name="trialsPerChoice">Trials each choice gets in the first round; each later round doubles it.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="trialsPerChoice"/> is below 1.</exception>
    public ChoiceHalvingSampler(ISampler inner, string parameter, int trialsPerChoice = 3)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentException.ThrowIfNullOrEmpty(parameter);
        if (trialsPerChoice < 1)
            throw new ArgumentOutOfRangeException(nameof(trialsPerChoice), trialsPerChoice, "trialsPerChoice must be at least 1");
        _inner = inner;
        _parameter = parameter;
        _trialsPerChoice = trialsPerChoice;
    }

    /// <summary>The sampler of every other parameter.</summary>
    public ISampler Inner => _inner;

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, Distribution> InferRelativeSearchSpace(Study study, FrozenTrial trial) =>
        _inner.InferRelativeSearchSpace(study, trial);

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> SampleRelative(
        Study study, FrozenTrial trial, IReadOnlyDictionary<string, Distribution> searchSpace)
    {
        if (!searchSpace.TryGetValue(_parameter, out var distribution) || distribution is not CategoricalDistribution choices
            || trial.FixedParams.ContainsKey(_parameter))
            return _inner.SampleRelative(study, trial, searchSpace);
        var choice = Choose(study, trial, choices);
        var fixedTrial = trial with
        {
            SystemAttrs = new Dictionary<string, object>(trial.SystemAttrs) { [Trial.FixedParamPrefix + _parameter] = choices.Choices[choice] },
        };
        var result = new Dictionary<string, double>(_inner.SampleRelative(study, fixedTrial, searchSpace)) { [_parameter] = choice };
        return result;
    }

    /// <inheritdoc/>
    public double SampleIndependent(Study study, FrozenTrial trial, string name, Distribution distribution) =>
        name == _parameter && distribution is CategoricalDistribution choices
            ? Choose(study, trial, choices)
            : _inner.SampleIndependent(study, trial, name, distribution);

    /// <inheritdoc/>
    public void BeforeTrial(Study study, FrozenTrial trial) => _inner.BeforeTrial(study, trial);

    /// <inheritdoc/>
    public void AfterTrial(Study study, FrozenTrial trial, TrialState state, double? value) =>
        _inner.AfterTrial(study, trial, state, value);

    /// <summary>The index of the choice the next trial goes to.</summary>
    private int Choose(Study study, FrozenTrial trial, CategoricalDistribution choices)
    {
        var counts = new int[choices.Choices.Count];
        var best = new double?[counts.Length];
        var sign = study.Direction == Direction.Maximize ? -1.0 : 1.0;
        foreach (var other in study.GetTrials(TrialState.Running, TrialState.Complete, TrialState.Pruned, TrialState.Failed))
        {
            if (other.Id == trial.Id || !other.Distributions.TryGetValue(_parameter, out var own) || !own.Equals(choices))
                continue;
            var c = (int)other.InternalParam(_parameter);
            if (!other.FixedParams.ContainsKey(_parameter))
                counts[c]++;
            if (other.State == TrialState.Complete && (best[c] is not { } b || sign * other.Value!.Value < b))
                best[c] = sign * other.Value!.Value;
        }
        return Allocate(counts, best, _trialsPerChoice);
    }

    /// <summary>
    /// The successive-halving decision: the choice with the fewest trials below the current round's quota; when every
    /// remaining choice has met it, the better half (smaller <paramref name="best"/>, none last) goes on with twice the quota.
    /// </summary>
    /// <param name="counts">Trials per choice so far.</param>
    /// <param name="best">Best complete value per choice, minimised; null where none completed.</param>
    /// <param name="trialsPerChoice">The first round's quota.</param>
    internal static int Allocate(IReadOnlyList<int> counts, IReadOnlyList<double?> best, int trialsPerChoice)
    {
        var remaining = Enumerable.Range(0, counts.Count).ToList();
        var quota = (long)trialsPerChoice;
        while (true)
        {
            var below = remaining.Where(c => counts[c] < quota).ToList();
            if (below.Count > 0)
                return below.MinBy(c => counts[c]);
            if (remaining.Count == 1)
                return remaining[0];
            remaining = remaining
                .OrderBy(c => best[c] is null)
                .ThenBy(c => best[c] ?? 0)
                .Take((remaining.Count + 1) / 2)
                .Order()
                .ToList();
            quota *= 2;
        }
    }
}
