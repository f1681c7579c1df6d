using System.Globalization;

namespace MetaOpt.Bench.Postgres;

/// <summary>One group of worker processes that ran one study, as read back from the database afterwards.</summary>
/// <param name="Peer">Who ran it: <c>metaopt</c>, or <c>optuna-cold</c> / <c>optuna-fork</c>.</param>
/// <param name="Workers">Worker processes started.</param>
/// <param name="Finished">Trials finished (Complete, Pruned or Failed).</param>
/// <param name="Gapless">Whether the trial numbers run 0..n−1 without a gap.</param>
/// <param name="WallSeconds">From starting the first worker to the exit of the last.</param>
/// <param name="Trials">Each trial's worker (any text naming the process), start and completion, from the database.</param>
internal sealed record GroupRun(
    string Peer, int Workers, int Finished, bool Gapless, double WallSeconds, IReadOnlyList<(string Worker, DateTime Start, DateTime? Complete)> Trials)
{
    /// <summary>Trials per second over the wall time of the group, worker start-up included (the peer's protocol).</summary>
    public double TrialsPerSecond => Finished / WallSeconds;

    /// <summary>The identities that started a trial: one per worker, or more (see <see cref="Steady"/>).</summary>
    public int WorkersSeen => Trials.Select(t => t.Worker).Distinct().Count();

    /// <summary>
    /// The steady state, once every worker runs: the trials finished after the last worker's first trial started, and
    /// the time from that start to the last completion. What workers started long ago (on many machines) see: no
    /// process start-up, imports or compilation in it. Null when fewer than two trials finished in it.
    /// </summary>
    /// <remarks>
    /// A worker named by more than one identity (an Optuna worker's connections) has its last identity's first trial
    /// taken for its first: that is later, so the window is shorter but still one in which every worker runs.
    /// </remarks>
    public (int Trials, double Seconds)? Steady
    {
        get
        {
            if (Trials.Count == 0)
                return null;
            var ready = Trials.GroupBy(t => t.Worker).Max(g => g.Min(t => t.Start));
            var completions = Trials.Where(t => t.Complete > ready).Select(t => t.Complete!.Value).ToList();
            return completions.Count < 2 ? null : (completions.Count, (completions.Max() - ready).TotalSeconds);
        }
    }

    /// <summary>Trials per second in the <see cref="Steady"/> state.</summary>
    public double? SteadyTrialsPerSecond => Steady is { } steady ? steady.Trials / steady.Seconds : null;

    public static string Header =>
        $"{"workers",7} {"peer",-12} {"trials",6} {"gapless",7} {"wall s",7} {"trials/s",9} {"steady/s",9} {"over",14} {"ratio",6} {"steady",7}";

    /// <summary>The table row; with MetaOpt's run of the same size for another peer's, MetaOpt's figures over this run's.</summary>
    public string Row(GroupRun? metaopt)
    {
        static string Ratio(double? ours, double? theirs) => ours is { } a && theirs is { } b && b > 0 ? $"{a / b:F1}x" : "";
        var over = Steady is { } steady ? string.Create(CultureInfo.InvariantCulture, $"{steady.Trials} in {steady.Seconds:F2} s") : "";
        var row = string.Create(CultureInfo.InvariantCulture,
            $"{Workers,7} {Peer,-12} {Finished,6} {Gapless,7} {WallSeconds,7:F2} {TrialsPerSecond,9:F1} {SteadyTrialsPerSecond,9:F1} {over,14} " +
            $"{Ratio(metaopt?.TrialsPerSecond, TrialsPerSecond),6} {Ratio(metaopt?.SteadyTrialsPerSecond, SteadyTrialsPerSecond),7}");
        // A worker that started no trial is missing from the rows: the window would open before it ran.
        return WorkersSeen >= Workers ? row : row + $"  (only {WorkersSeen} of {Workers} workers ran a trial: no steady state)";
    }
}
