using Microsoft.Extensions.Logging;

namespace MetaOpt;

/// <summary>How a study is run: direction, sampler, pruner, storage and recovery policy.</summary>
public sealed record StudyOptions
{
    /// <summary>
    /// Whether lower or higher objective values are better: the shorthand for a single-objective study's
    /// <see cref="Directions"/>; <see cref="MetaOpt.Direction.Minimize"/> for a new study when both are null. A loaded
    /// study keeps the directions it was created with, and different ones here are an error.
    /// </summary>
    public Direction? Direction { get; init; }

    /// <summary>
    /// One direction per objective: two or more make a multi-objective study, whose trials complete with that many
    /// values (<see cref="Study.Tell(Trial, IReadOnlyList{double})"/>) and whose best trials are its Pareto front
    /// (<see cref="Study.BestTrials"/>). Null for the single objective of <see cref="Direction"/>; setting both is an error.
    /// </summary>
    public IReadOnlyList<Direction>? Directions { get; init; }

    /// <summary>The sampler; an <see cref="AutoSampler"/> with default settings (random seed) when null.</summary>
    public ISampler? Sampler { get; init; }

    /// <summary>
    /// The study seed, from which each trial's training seed (<see cref="Trial.Seed"/>) is derived; when null, the
    /// one the study stored (its <see cref="Study.SeedAttr"/> user attribute), else 0. A study created with a seed
    /// stores it, so a later run that names none derives the same trial seeds.
    /// </summary>
    public int? Seed { get; init; }

    /// <summary>
    /// Intensify during the run (<see cref="IntensificationOptions"/>): every trial is seeded from one list shared by
    /// all configurations (<see cref="Study.SeedsOfAttr"/>), so configurations are compared on the same seeds, and
    /// <see cref="Study.Ask()"/> enqueues the repeats the rule asks for; they count toward <see cref="MaxTrials"/>.
    /// None when null.
    /// </summary>
    public IntensificationOptions? Intensification { get; init; }

    /// <summary>The pruner; <see cref="NopPruner"/> (never prune) when null.</summary>
    public IPruner? Pruner { get; init; }

    /// <summary>Where trials are kept; a fresh <see cref="InMemoryStorage"/> when null.</summary>
    public IStorage? Storage { get; init; }

    /// <summary>
    /// Where trials keep files (<see cref="Trial.SaveArtifact"/>), such as their trained models; trials cannot save
    /// any when null.
    /// </summary>
    public IArtifactStore? Artifacts { get; init; }

    /// <summary>Which finished trials keep their artifacts, applied whenever a trial of this study finishes; the 5 best by default.</summary>
    public ArtifactKeepPolicy KeepArtifacts { get; init; } = ArtifactKeepPolicy.Default;

    /// <summary>
    /// Enqueue the configuration of a trial that did not finish again, so it is evaluated first: one whose process
    /// died mid-trial (found by <see cref="Study.Ask()"/> or <see cref="Study.RecoverAbandonedTrials"/>), and one
    /// that an interruption of <see cref="Study.Optimize"/> cut short. The trial itself is always marked Failed, in
    /// the same storage step that enqueues its retry.
    /// </summary>
    public bool RetryFailedTrials { get; init; }

    /// <summary>
    /// How many times <see cref="RetryFailedTrials"/> enqueues the same configuration again: one that kills its
    /// process every time (out of memory, a native crash) would otherwise run first on every restart, forever.
    /// </summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary>
    /// The study's total budget of started trials, shared by every worker of every process using the storage: no
    /// trial starts once the study has this many Running or finished (Complete, Pruned, Failed) trials, the check and
    /// the start being one storage step. None when null.
    /// </summary>
    public int? MaxTrials { get; init; }

    /// <summary>
    /// Earlier studies the sampler learns from before this study has data of its own (used by <see cref="GpSampler"/>;
    /// other samplers ignore it); none when null.
    /// </summary>
    public WarmStart? WarmStartFrom { get; init; }

    /// <summary>
    /// How often a running trial records that its worker is alive; <see cref="Timeout.InfiniteTimeSpan"/> for never
    /// (then only the owner-process check on this machine recognises abandoned trials).
    /// </summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A Running trial owned by another machine whose last heartbeat is older than this is taken as dead.
    /// Trials of dead processes on this machine are recognised from their process id, at the next look for abandoned
    /// trials (<see cref="Study.Ask()"/> looks at most once per <see cref="HeartbeatInterval"/>, and whenever the
    /// budget looks spent).
    /// </summary>
    public TimeSpan HeartbeatGracePeriod { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Where the study logs, at <see cref="LogLevel.Warning"/>, what it went on from (a trial that another worker
    /// failed while this one ran it, a step reported again), with the trial number and study name as fields; nothing
    /// is logged when null. The library never writes to the console.
    /// </summary>
    public ILogger? Logger { get; init; }

    /// <summary>
    /// The directions these options ask for, or null when they name none (a loaded study keeps its own): the one
    /// place that says a study has 1..n directions, given once.
    /// </summary>
    /// <exception cref="ArgumentException">Both <see cref="Direction"/> and <see cref="Directions"/> are set, or <see cref="Directions"/> is empty or holds an unknown value.</exception>
    internal IReadOnlyList<Direction>? RequestedDirections()
    {
        if (Directions is null)
            return Direction is { } direction ? [direction] : null;
        if (Direction is not null)
            throw new ArgumentException(
                "StudyOptions: set Direction (one objective) or Directions (one per objective), not both.", nameof(Directions));
        return StudyInfo.Checked(Directions, nameof(Directions));
    }
}
