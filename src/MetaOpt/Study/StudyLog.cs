using Microsoft.Extensions.Logging;

namespace MetaOpt;

/// <summary>The study's log messages, each with its event id and fields (see <see cref="StudyOptions.Logger"/>).</summary>
internal static partial class StudyLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "trial {TrialNumber} of '{StudyName}' was already {State} when this worker finished it ({Reason}); its result here ({Result}) was dropped")]
    public static partial void TrialFinishedElsewhere(this ILogger logger, int trialNumber, string studyName, TrialState state, string reason, string result);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "trial {TrialNumber} of '{StudyName}' already has the value {FirstValue} at step {Step}; {Value} was ignored (the first report of a step stands)")]
    public static partial void StepReportedAgain(this ILogger logger, int trialNumber, string studyName, double firstValue, int step, double value);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning,
        Message = "the artifacts that the keep policy lets go in '{StudyName}' could not be deleted from {Location} ({Reason}); the next finished trial tries again")]
    public static partial void ArtifactsNotReleased(this ILogger logger, string studyName, string location, string reason);
}
