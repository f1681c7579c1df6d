namespace MetaOpt.Launcher.Commands.Run;

/// <summary>What <c>--trial-timeout</c>, <c>--trial-memory</c> and <c>--trial-recycle</c> ask of each worker process.</summary>
internal sealed record TrialLimits(TimeSpan? Timeout, long? MemoryBytes, int? RecycleAfter);
