using System.Globalization;

namespace MetaOpt;

/// <summary>
/// The completed evaluations of one configuration: its first trial and its repeats (<see cref="Study.EnqueueRepeat"/>),
/// judged by their mean, since a single noisy evaluation is partly luck.
/// </summary>
public sealed record ConfigurationResult
{
    private ConfigurationResult(int configuration, IReadOnlyList<FrozenTrial> trials)
    {
        Configuration = configuration;
        Trials = trials;
        Objective = MeanEstimate.Of(trials.Select(t => (t.Value!.Value, t.Seed)));
    }

    /// <summary>The number of the trial that first evaluated the configuration (<see cref="FrozenTrial.Configuration"/>).</summary>
    public int Configuration { get; }

    /// <summary>The Complete evaluations, by repeat index.</summary>
    public IReadOnlyList<FrozenTrial> Trials { get; }

    /// <summary>The configuration's parameters.</summary>
    public IReadOnlyDictionary<string, object> Params => Trials[0].Params;

    /// <summary>How many Complete evaluations it has.</summary>
    public int Repeats => Trials.Count;

    /// <summary>The objective's mean over the evaluations, with its 95% interval and each evaluation's seed.</summary>
    public MeanEstimate Objective { get; }

    /// <summary>The mean of a numeric user attribute (a metric the objective recorded, such as a test MAE) over the evaluations that have it; null when none has.</summary>
    public MeanEstimate? Metric(string userAttr)
    {
        var values = Trials
            .Select(t => (Value: t.UserAttrs.GetValueOrDefault(userAttr), t.Seed))
            .Where(r => r.Value is double or float or int or long)
            .Select(r => (Value: Convert.ToDouble(r.Value, CultureInfo.InvariantCulture), r.Seed))
            .Where(r => double.IsFinite(r.Value))
            .ToList();
        return values.Count == 0 ? null : MeanEstimate.Of(values);
    }

    /// <summary>The Complete trials grouped by configuration, the best mean first (ties by configuration number).</summary>
    public static IReadOnlyList<ConfigurationResult> Of(IEnumerable<FrozenTrial> trials, Direction direction)
    {
        ArgumentNullException.ThrowIfNull(trials);
        var sign = direction.Sign();
        return trials
            .Where(t => t.State == TrialState.Complete && t.Value is not null)
            .GroupBy(t => t.Configuration)
            .Select(g => new ConfigurationResult(g.Key, g.OrderBy(t => t.Repeat).ThenBy(t => t.Number).ToList()))
            .OrderBy(c => sign * c.Objective.Mean)
            .ThenBy(c => c.Configuration)
            .ToList();
    }

    /// <summary>
    /// The study's winner among <paramref name="ranked"/> (as <see cref="Of"/> orders them): the best mean among the
    /// configurations evaluated more than once, so that a lucky single draw cannot beat a confirmed mean; the best
    /// single evaluation when none was repeated; null when there is no configuration. When the study intensified
    /// (<see cref="StudyOptions.Intensification"/>), the incumbent: among the configurations seeded from the shared
    /// list, the one with the most runs, the best mean among those with as many; a challenger replaces it only once
    /// it has as many runs on the same seeds and a better mean.
    /// </summary>
    public static ConfigurationResult? Winner(IReadOnlyList<ConfigurationResult> ranked)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        var intensified = ranked.Where(c => c.Trials[0].SeedsOf == BaselineRuns.Configuration).ToList();
        if (intensified.Count > 0)
            return intensified.OrderByDescending(c => c.Repeats).First();
        return ranked.FirstOrDefault(c => c.Repeats > 1) ?? ranked.FirstOrDefault();
    }

    /// <summary>
    /// What <paramref name="winner"/> is judged against: the best mean among the other configurations of
    /// <paramref name="ranked"/> evaluated more than once; null when there is none. Before an intensifying study's
    /// incumbent (which has the most runs) it may have the better mean, over fewer runs.
    /// </summary>
    public static ConfigurationResult? RunnerUp(IReadOnlyList<ConfigurationResult> ranked, ConfigurationResult winner)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        return ranked.FirstOrDefault(c => c.Repeats > 1 && c != winner);
    }

    /// <summary>
    /// The contest among the configurations of <paramref name="ranked"/> evaluated more than once, as the report and
    /// the dashboard state it: the winner (<see cref="Winner"/>'s when it has repeats, else the best mean), its
    /// <see cref="RunnerUp"/> and their difference; null when no configuration was evaluated more than once.
    /// </summary>
    public static ConfigurationContest? Contest(IReadOnlyList<ConfigurationResult> ranked)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        if (ranked.FirstOrDefault(c => c.Repeats > 1) is not { } bestMean)
            return null;
        var winner = Winner(ranked) is { Repeats: > 1 } incumbent ? incumbent : bestMean;
        var runnerUp = RunnerUp(ranked, winner);
        return new ConfigurationContest(winner, runnerUp, runnerUp is null ? null : MeanDifference.Of(winner.Objective, runnerUp.Objective), winner == bestMean);
    }
}

/// <summary>The winner among repeated configurations against its runner-up (<see cref="ConfigurationResult.Contest"/>).</summary>
/// <param name="Winner">The configuration <c>best</c> names: an intensifying study's incumbent has the most runs, not always the best mean.</param>
/// <param name="RunnerUp">The best mean among the other repeated configurations; null when the winner is the only one.</param>
/// <param name="Difference">The winner's mean minus the runner-up's, paired on common seeds, else by Welch's test; null without a runner-up.</param>
/// <param name="WinnerHasBestMean">Whether the winner also has the best mean of the repeated configurations.</param>
public sealed record ConfigurationContest(
    ConfigurationResult Winner, ConfigurationResult? RunnerUp, MeanDifference? Difference, bool WinnerHasBestMean);
