namespace MetaOpt;

/// <summary>Proposes parameter values for new trials from the history of a study.</summary>
/// <remarks>
/// Call order for each trial: <see cref="BeforeTrial"/> when the trial is created; then
/// <see cref="InferRelativeSearchSpace"/> and <see cref="SampleRelative"/> once, for the parameters the sampler
/// models jointly; then, for each parameter the objective suggests that the relative sample did not cover,
/// <see cref="SampleIndependent"/>; finally <see cref="AfterTrial"/> before the trial's final state is stored.
/// Values are in each distribution's internal representation (<see cref="Distribution.ToInternal"/>).
/// Samplers are called from every worker thread of a study and must be thread-safe. State that a restarted
/// study needs must be kept in trial system attributes, never only in the sampler.
/// </remarks>
public interface ISampler
{
    /// <summary>The parameters to sample jointly for this trial; empty for purely independent samplers.</summary>
    IReadOnlyDictionary<string, Distribution> InferRelativeSearchSpace(Study study, FrozenTrial trial) =>
        new Dictionary<string, Distribution>();

    /// <summary>Joint values for (a subset of) the relative search space, in internal representation.</summary>
    IReadOnlyDictionary<string, double> SampleRelative(
        Study study, FrozenTrial trial, IReadOnlyDictionary<string, Distribution> searchSpace) =>
        new Dictionary<string, double>();

    /// <summary>A value for one parameter, in internal representation.</summary>
    double SampleIndependent(Study study, FrozenTrial trial, string name, Distribution distribution);

    /// <summary>Called when a trial is created, before any parameter is sampled.</summary>
    void BeforeTrial(Study study, FrozenTrial trial) { }

    /// <summary>Called when a trial finishes, before its state is stored; <paramref name="value"/> is null in a multi-objective study.</summary>
    void AfterTrial(Study study, FrozenTrial trial, TrialState state, double? value) { }

    /// <summary>
    /// Whether the sampler can drive a study with several objectives (<see cref="StudyOptions.Directions"/>); a
    /// multi-objective study refuses one that cannot when it is opened. False unless the sampler says otherwise.
    /// </summary>
    bool SupportsMultiObjective => false;
}
