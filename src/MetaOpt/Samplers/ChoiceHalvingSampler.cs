namespace MetaOpt;

/// <summary>
/// Spreads a study's trials over the choices of one categorical root parameter (the <c>strategy</c> of a strategy
/// search) by successive halving, and leaves every other parameter to the sampler it wraps.
/// </summary>
/// <remarks>
/// <para>Every choice first gets <c>trialsPerChoice</c> trials; then the better half of the choices gets twice as
/// many in all, then the better half of those four times as many, and so on until one choice is left, which gets
/// every trial after that. This spends the budget on evidence, where a model-based sampler choosing the root itself
/// bets on the branch whose first random points looked best (see <c>docs/strategy.md</c>).</para>
/// <para>Stateless: each decision counts the study's stored trials per choice (running, finished and failed ones; a
/// choice is stored on the trial the moment it is made), so it holds across restarts and across workers sharing a
/// storage. Trials with the root fixed (enqueued ones, re-runs of failed trials) rank their choice but fill no
/// quota. The choice with the fewest trials below its quota goes next, ties to the first in the distribution's
/// order. A halving step ranks choices by their best complete configuration (one evaluated several times, as repeats
/// with other seeds, by the mean of its values), then those with only pruned trials by their best last reported
/// value, then the rest, on the trials that have finished (as asynchronous successive halving).</para>
/// <para>The wrapped sampler sees the trial as if the root had been fixed by <see cref="Study.EnqueueTrial"/>.</para>
/// </remarks>
public sealed class ChoiceHalvingSampler : ISampler
{
    /// <summary>System attribute prefix under which a trial's choice is stored as soon as it is made.</summary>
    internal const string ChoiceAttrPrefix = "halving:";

    private readonly ISampler _inner;
    private readonly string _parameter;
    private readonly int _trialsPerChoice;
    // Threads of one process decide one at a time, so each counts the choices the others stored.
    private readonly object _deciding = new();

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

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, Distribution> InferRelativeSearchSpace(Study study, FrozenTrial trial) =>
        _inner.InferRelativeSearchSpace(study, trial);

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> SampleRelative(
        Study study, FrozenTrial trial, IReadOnlyDictionary<string, Distribution> searchSpace)
    {
        if (!searchSpace.TryGetValue(_parameter, out var distribution) || distribution is not CategoricalDistribution choices
            || trial.SystemAttrs.ContainsKey(Trial.FixedParamPrefix + _parameter))
            return _inner.SampleRelative(study, trial, searchSpace);
        var choice = Choose(study, trial, choices);
        var fixedTrial = trial with
        {
            SystemAttrs = new Dictionary<string, object>(trial.SystemAttrs) { [Trial.FixedParamPrefix + _parameter] = choices.Choices[choice] },
        };
        return new Dictionary<string, double>(_inner.SampleRelative(study, fixedTrial, searchSpace)) { [_parameter] = choice };
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

    /// <summary>The index of the choice the trial goes to, stored on the trial at once.</summary>
    private int Choose(Study study, FrozenTrial trial, CategoricalDistribution choices)
    {
        lock (_deciding)
        {
            var choice = Allocate(Tally(study, trial, choices), _trialsPerChoice);
            study.SetTrialSystemAttr(trial.Id, ChoiceAttrPrefix + _parameter, choice);
            return choice;
        }
    }

    private ChoiceTally[] Tally(Study study, FrozenTrial trial, CategoricalDistribution choices)
    {
        var tally = new ChoiceTally[choices.Choices.Count];
        var sign = study.Direction.Sign();
        // A configuration evaluated more than once (repeats with other seeds) counts with its mean: its best single
        // value would favour the choice whose configurations were repeated most, by luck.
        var configurations = new Dictionary<(int Choice, string Key), (double Sum, int Count)>();
        foreach (var other in study.GetTrials(TrialState.Running, TrialState.Complete, TrialState.Pruned, TrialState.Failed))
        {
            if (other.Id == trial.Id || ChoiceOf(other, choices) is not { } c)
                continue;
            if (!other.SystemAttrs.ContainsKey(Trial.FixedParamPrefix + _parameter))
                tally[c].Count++;
            if (other.Value is not { } value)
                continue;
            if (other.State == TrialState.Complete)
            {
                var (sum, count) = configurations.GetValueOrDefault((c, other.ConfigurationKey));
                configurations[(c, other.ConfigurationKey)] = (sum + sign * value, count + 1);
            }
            else if (other.State == TrialState.Pruned)
            {
                tally[c] = tally[c].With(false, sign * value);
            }
        }
        foreach (var ((c, _), (sum, count)) in configurations)
            tally[c] = tally[c].With(true, sum / count);
        return tally;
    }

    // The trial's choice: its parameter once suggested, else the decision stored on it (a running trial of another worker).
    private int? ChoiceOf(FrozenTrial trial, CategoricalDistribution choices)
    {
        if (trial.Distributions.TryGetValue(_parameter, out var own))
            return own.Equals(choices) ? (int)trial.InternalParam(_parameter) : null;
        if (!trial.SystemAttrs.TryGetValue(ChoiceAttrPrefix + _parameter, out var stored))
            return null;
        var c = Convert.ToInt32(stored, System.Globalization.CultureInfo.InvariantCulture);
        return c >= 0 && c < choices.Choices.Count ? c : null;
    }

    /// <summary>
    /// The successive-halving decision: the choice with the fewest trials below the current round's quota; when every
    /// remaining choice has met it, the better half goes on with twice the quota.
    /// </summary>
    /// <param name="tally">Trials per choice so far, and their best values (minimised).</param>
    /// <param name="trialsPerChoice">The first round's quota.</param>
    internal static int Allocate(IReadOnlyList<ChoiceTally> tally, int trialsPerChoice)
    {
        var remaining = Enumerable.Range(0, tally.Count).ToList();
        var quota = (long)trialsPerChoice;
        while (true)
        {
            var below = remaining.Where(c => tally[c].Count < quota).ToList();
            if (below.Count > 0)
                return below.MinBy(c => tally[c].Count);
            if (remaining.Count == 1)
                return remaining[0];
            remaining = remaining
                .OrderBy(c => tally[c].Rank)
                .ThenBy(c => tally[c].Best ?? 0)
                .Take((remaining.Count + 1) / 2)
                .Order()
                .ToList();
            quota *= 2;
        }
    }

    /// <summary>What a halving step knows of one choice.</summary>
    /// <param name="Count">Trials that fill its quota.</param>
    /// <param name="Best">Its best value, minimised: of its complete configurations (their means) if any, else of its pruned trials; null when neither.</param>
    /// <param name="HasComplete">Whether <paramref name="Best"/> is a complete trial's.</param>
    internal record struct ChoiceTally(int Count, double? Best = null, bool HasComplete = false)
    {
        /// <summary>Choices with a complete trial first, then those with only pruned ones, then the rest.</summary>
        public readonly int Rank => HasComplete ? 0 : Best is null ? 2 : 1;

        /// <summary>This tally after a finished trial with <paramref name="value"/>.</summary>
        public readonly ChoiceTally With(bool complete, double value) =>
            complete && !HasComplete ? this with { Best = value, HasComplete = true }
            : complete == HasComplete && (Best is not { } best || value < best) ? this with { Best = value }
            : this;
    }
}
