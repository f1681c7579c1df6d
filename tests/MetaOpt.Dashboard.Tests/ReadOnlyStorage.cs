namespace MetaOpt.Dashboard.Tests;

/// <summary>A storage whose write methods throw: serving the dashboard through it proves the dashboard only reads.</summary>
internal sealed class ReadOnlyStorage(IStorage inner) : IStorage
{
    public StudyInfo CreateStudy(string name, Direction direction) => throw Refused();
    public StudyInfo? FindStudy(string name) => inner.FindStudy(name);
    public IReadOnlyList<StudyInfo> GetAllStudies() => inner.GetAllStudies();
    public void DeleteStudy(string studyName) => throw Refused();
    public void SetStudyUserAttr(string studyName, string key, object value) => throw Refused();

    public FrozenTrial CreateTrial(string studyName, TrialState state, IReadOnlyDictionary<string, object>? systemAttrs = null,
        IReadOnlyDictionary<string, object>? userAttrs = null) => throw Refused();

    public FrozenTrial? ClaimWaitingTrial(string studyName, IReadOnlyDictionary<string, object>? systemAttrs = null) => throw Refused();
    public void SetTrialParam(long trialId, string name, double internalValue, Distribution distribution) => throw Refused();
    public void SetTrialIntermediateValue(long trialId, int step, double value) => throw Refused();
    public void SetTrialUserAttr(long trialId, string key, object value) => throw Refused();
    public void SetTrialSystemAttr(long trialId, string key, object value) => throw Refused();
    public void RecordHeartbeat(long trialId) => throw Refused();
    public bool FinishTrial(long trialId, TrialState state, double? value, string? failReason) => throw Refused();
    public FrozenTrial GetTrial(long trialId) => inner.GetTrial(trialId);

    public IReadOnlyList<FrozenTrial> GetAllTrials(string studyName, IReadOnlyCollection<TrialState>? states = null) =>
        inner.GetAllTrials(studyName, states);

    public void Dispose() => throw Refused();

    private static InvalidOperationException Refused() => new("The dashboard wrote to the storage.");
}
