namespace MetaOpt;

/// <summary>Where studies and their trials live.</summary>
/// <remarks>
/// Contract for implementations: every method is thread-safe; every write is durable when it returns (a killed
/// process loses nothing that a call already returned for); returned <see cref="FrozenTrial"/>s are snapshots
/// that later writes do not change; a finished trial (Complete, Pruned, Failed) is never modified again, and
/// writes to it throw <see cref="InvalidOperationException"/>. Studies are addressed by name, trials by the
/// storage-wide <see cref="FrozenTrial.Id"/>.
/// </remarks>
public interface IStorage : IDisposable
{
    /// <summary>
    /// Creates a study with one direction, or one per objective of a multi-objective study (built by
    /// <see cref="StudyInfo.New"/>); throws <see cref="InvalidOperationException"/> if the name is taken.
    /// </summary>
    /// <exception cref="ArgumentException">No direction, or an unknown one.</exception>
    StudyInfo CreateStudy(string name, params IReadOnlyList<Direction> directions);

    /// <summary>The study of that name, or null.</summary>
    StudyInfo? FindStudy(string name);

    /// <summary>All studies in the storage.</summary>
    IReadOnlyList<StudyInfo> GetAllStudies();

    /// <summary>Deletes a study and all its trials.</summary>
    void DeleteStudy(string studyName);

    /// <summary>Sets a user attribute of a study (its settings, description, data set...).</summary>
    void SetStudyUserAttr(string studyName, string key, object value);

    /// <summary>
    /// Adds a trial in state <paramref name="state"/> (Running or Waiting) with the given system and user attributes
    /// in one step (so a worker that claims a Waiting trial at once sees all of them) and returns it with its number,
    /// which is the count of trials the study had before.
    /// </summary>
    FrozenTrial CreateTrial(
        string studyName,
        TrialState state,
        IReadOnlyDictionary<string, object>? systemAttrs = null,
        IReadOnlyDictionary<string, object>? userAttrs = null);

    /// <summary>
    /// Atomically moves the oldest Waiting trial of the study to Running, adding the given system attributes in the
    /// same step, and returns it, or null when none waits. Two callers never get the same trial.
    /// </summary>
    FrozenTrial? ClaimWaitingTrial(string studyName, IReadOnlyDictionary<string, object>? systemAttrs = null);

    /// <summary>
    /// What a worker does to begin a trial, in one atomic step: claims the oldest Waiting trial or, when none waits,
    /// creates a Running one, adding the given system attributes. Returns null, changing nothing, when the study
    /// already has <paramref name="maxTrials"/> trials that count toward its budget (<see cref="TrialBudget"/>: Running
    /// or finished, less the failed trials that a retry supersedes), so that workers sharing the storage (in any number
    /// of processes) together never start more than that.
    /// </summary>
    /// <param name="studyName">The study.</param>
    /// <param name="maxTrials">The study's total budget of started trials (Waiting ones do not count); null for none.</param>
    /// <param name="systemAttrs">Attributes of the worker (its owner), stored with the start.</param>
    FrozenTrial? StartTrial(string studyName, int? maxTrials, IReadOnlyDictionary<string, object>? systemAttrs = null);

    /// <summary>
    /// Adds a copy of <paramref name="template"/>, in whatever state, with its times, values, parameters and
    /// attributes, as the study's next trial (a new id and number): how a study is copied between storages.
    /// </summary>
    FrozenTrial AddTrialCopy(string studyName, FrozenTrial template);

    /// <summary>Records a parameter of a running trial, in the internal representation of its distribution.</summary>
    void SetTrialParam(long trialId, string name, double internalValue, Distribution distribution);

    /// <summary>Records an intermediate value of a running trial; a step already reported keeps its first value.</summary>
    void SetTrialIntermediateValue(long trialId, int step, double value);

    /// <summary>Sets a user attribute of a running trial.</summary>
    void SetTrialUserAttr(long trialId, string key, object value);

    /// <summary>Sets a system attribute of a running trial.</summary>
    void SetTrialSystemAttr(long trialId, string key, object value);

    /// <summary>Records that the worker running the trial is alive.</summary>
    void RecordHeartbeat(long trialId);

    /// <summary>
    /// Finishes a running trial: state Complete (with its values, one per objective), Pruned (with its last
    /// intermediate value) or Failed (with a reason). Returns the trial as finished, so the caller need not read it
    /// back, or null, changing nothing, when the trial had already finished. A single value reads as
    /// <see cref="FrozenTrial.Value"/>; see <see cref="StorageExtensions.FinishTrial"/> for a single-objective trial.
    /// </summary>
    FrozenTrial? FinishTrial(long trialId, TrialState state, IReadOnlyList<double>? values, string? failReason);

    /// <summary>
    /// Fails a Running trial with <paramref name="failReason"/> and, in the same atomic step, adds the Waiting trial
    /// that evaluates it again (with <paramref name="retrySystemAttrs"/>, typically its parameters as fixed ones, and
    /// <paramref name="retryUserAttrs"/>): a process killed in between can neither lose the retry nor leave the trial
    /// Running. Returns the new Waiting trial, or null, changing nothing, when the trial had already finished.
    /// </summary>
    FrozenTrial? FailTrialAndRetry(
        long trialId,
        string failReason,
        IReadOnlyDictionary<string, object> retrySystemAttrs,
        IReadOnlyDictionary<string, object>? retryUserAttrs);

    /// <summary>One trial by id.</summary>
    FrozenTrial GetTrial(long trialId);

    /// <summary>The trials of a study in number order, optionally only those in the given states.</summary>
    IReadOnlyList<FrozenTrial> GetAllTrials(string studyName, IReadOnlyCollection<TrialState>? states = null);
}
