namespace MetaOpt.Studies;

/// <summary>
/// The names of the user attributes every study may store with its trials and study; a study's own metrics and
/// baselines are named by its package and declared to reports through <see cref="IStudyDefinition.Declarations"/>.
/// </summary>
public static class TrialAttributes
{
    /// <summary>Wall-clock seconds the trial's objective took.</summary>
    public const string Seconds = "seconds";

    /// <summary>Epochs the trial trained before it finished or was pruned.</summary>
    public const string EpochsRun = "epochs_run";

    /// <summary>The device the trial trained on.</summary>
    public const string Device = Trial.DeviceAttr;

    /// <summary>The package version that ran the trial.</summary>
    public const string Version = "version";

    /// <summary>The git commit that ran the trial.</summary>
    public const string Commit = "commit";

    /// <summary>Why a trial's training diverged (NaN or infinite loss); such trials are stored as pruned.</summary>
    public const string Diverged = "diverged";

    /// <summary>The value of a noisy benchmark function before its noise: what the configuration truly scores.</summary>
    public const string NoiseFreeValue = "noise_free_value";

    /// <summary>Study attribute: the known optimum of a benchmark function.</summary>
    public const string Optimum = "optimum";

    /// <summary>Records the package version and commit with a trial.</summary>
    public static void StampBuild(Trial trial)
    {
        trial.SetUserAttr(Version, BuildInfo.Version);
        trial.SetUserAttr(Commit, BuildInfo.Commit);
    }
}
