using MetaOpt.Execution;
using MetaOpt.Studies;

namespace MetaOpt.Launcher.Commands.Run;

/// <summary>A checked <c>metaopt run</c> command line.</summary>
internal sealed record RunRequest
{
    public required IStudyDefinition Definition { get; init; }
    public required string StudyName { get; init; }
    public required string StoragePath { get; init; }
    public required int Trials { get; init; }
    public TimeSpan? Timeout { get; init; }
    public required string Sampler { get; init; }
    public required string Pruner { get; init; }
    public int Parallelism { get; init; } = 1;
    /// <summary>The device as the user named it: <c>--device</c>, or the <c>--devices</c> list.</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>The slots trials are placed on (<c>--devices</c>); null when every trial uses <see cref="Device"/>.</summary>
    public DeviceSlots? Devices { get; init; }
    public string? DataDirectory { get; init; }

    /// <summary>The part of the data (<c>--subset</c>), for studies that read one; null for all of it.</summary>
    public string? DataSubset { get; init; }
    public int Seed { get; init; }
    public required int Epochs { get; init; }

    /// <summary>Validation folds (<c>--folds</c>), for studies that read them.</summary>
    public int Folds { get; init; } = 1;

    /// <summary>The objective's metric (<c>--metric</c>), for studies that read it; null for the study's own.</summary>
    public string? Metric { get; init; }

    /// <summary>The kept model folder the study's teacher comes from (<c>--teacher-model</c>), for studies that read it; null trains the teacher.</summary>
    public string? TeacherModel { get; init; }
    public string? WarmStart { get; init; }
    public string? ReportDirectory { get; init; }
    public int? DashboardPort { get; init; }

    /// <summary>
    /// <c>--confirm K,R</c>: once the search is done, re-run the K best distinct configurations with R more seeds
    /// each; null for no confirmation.
    /// </summary>
    public (int Top, int Repeats)? Confirm { get; init; }

    /// <summary>The incumbent's most runs when the search intensifies (<c>--intensify</c>); null when it does not.</summary>
    public int? Intensify { get; init; }

    /// <summary>
    /// <c>--ensemble K</c>: once the search (and any confirmation) is done, combine the K best kept models and store
    /// the result in the study (<see cref="StudyPipeline.Ensemble"/>); null for no ensemble stage.
    /// </summary>
    public int? Ensemble { get; init; }

    /// <summary>Run only the confirmation, none of the search's missing trials (<c>metaopt confirm</c>).</summary>
    public bool ConfirmOnly { get; init; }

    /// <summary>The artifact folder <c>--artifacts</c> names; null when not given.</summary>
    public string? Artifacts { get; init; }

    /// <summary>Which finished trials keep their artifacts (<c>--keep-models</c>, <c>--keep-size</c>).</summary>
    public ArtifactKeepPolicy KeepArtifacts { get; init; } = ArtifactKeepPolicy.Default;

    /// <summary>The limits of a trial in its own worker process (<c>--isolation process</c>); null for threads.</summary>
    public TrialLimits? Isolation { get; init; }
}
