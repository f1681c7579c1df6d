namespace MetaOpt.Hosting;

/// <summary>
/// How <see cref="TrialProcessPool"/> runs each trial in a worker process: the program to start (one that calls
/// <see cref="TrialWorker.Connect"/> and serves the study's objective), and the limits of one trial.
/// </summary>
public sealed record ProcessIsolation
{
    /// <summary>The worker program, such as the <c>metaopt</c> launcher or this program's own <see cref="Environment.ProcessPath"/>.</summary>
    public required string FileName { get; init; }

    /// <summary>Its arguments: what it needs to prepare the same objective as the parent (study, data, seed...).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>
    /// Environment variables of this process that workers do not inherit: secrets the parent uses for them, such as a
    /// storage URL with its password, which a worker's objective has no need to see.
    /// </summary>
    public IReadOnlyList<string> WithheldEnvironment { get; init; } = [];

    /// <summary>A trial running longer has its worker's whole process tree killed and is failed; unlimited when null.</summary>
    public TimeSpan? TrialTimeout { get; init; }

    /// <summary>
    /// The memory a worker may take, in bytes: its managed heap is capped at this (<c>DOTNET_GCHeapHardLimit</c>), and
    /// the worker joins a cgroup v2 with this <c>memory.max</c> where one can be made (<see cref="MemoryCgroup"/>),
    /// else its address space may grow by this much beyond what it had when it connected (<c>RLIMIT_AS</c>).
    /// Unlimited when null.
    /// </summary>
    public long? TrialMemoryBytes { get; init; }

    /// <summary>Replace a worker by a fresh one after this many trials (to return the memory a library keeps); never when null.</summary>
    public int? RecycleAfter { get; init; }

    /// <summary>How many of the last lines of a worker's standard error a failed trial keeps in its reason.</summary>
    public int StderrLines { get; init; } = 20;
}
