using System.Globalization;
using System.Text.Json;

namespace MetaOpt;

/// <summary>An Optuna study as its storage holds it, before it becomes a MetaOpt study: what both readers fill.</summary>
internal sealed class OptunaStudyRecord(string name)
{
    public string Name { get; } = name;

    /// <summary>Optuna's <c>StudyDirection</c> per objective: 0 not set, 1 minimize, 2 maximize.</summary>
    public List<int> Directions { get; } = [];

    public Dictionary<string, JsonElement> UserAttrs { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, JsonElement> SystemAttrs { get; } = new(StringComparer.Ordinal);

    /// <summary>The trials in number order.</summary>
    public List<OptunaTrialRecord> Trials { get; } = [];
}

/// <summary>An Optuna trial as stored: parameters in their internal representation with Optuna's distribution text.</summary>
internal sealed class OptunaTrialRecord
{
    /// <summary>Optuna's <c>TrialState</c>: 0 running, 1 complete, 2 pruned, 3 fail, 4 waiting.</summary>
    public int State { get; set; }

    public List<double>? Values { get; set; }

    /// <summary>Optuna's times: naive, in the local time of the machine that wrote them.</summary>
    public DateTime? DatetimeStart { get; set; }

    public DateTime? DatetimeComplete { get; set; }

    public DateTime? Heartbeat { get; set; }

    public Dictionary<string, (double Internal, string Distribution)> Params { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<int, double> IntermediateValues { get; } = [];

    public Dictionary<string, JsonElement> UserAttrs { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, JsonElement> SystemAttrs { get; } = new(StringComparer.Ordinal);
}

/// <summary>The names and codes both Optuna formats share, and Optuna's times.</summary>
internal static class OptunaCodes
{
    public const int Running = 0, Complete = 1, Pruned = 2, Fail = 3, Waiting = 4;

    /// <summary>The system attribute under which Optuna keeps an enqueued trial's parameters, as one object.</summary>
    public const string FixedParams = "fixed_params";

    /// <summary>The system attribute under which Optuna (from 3.2) keeps why a trial failed.</summary>
    public const string FailReason = "fail_reason";

    /// <summary>The system attribute under which Optuna's samplers keep a trial's constraint values.</summary>
    public const string Constraints = "constraints";

    /// <summary>A MetaOpt trial's heartbeat in an exported journal, which has no place for one (ISO 8601, UTC).</summary>
    public const string Heartbeat = "metaopt:heartbeat";

    /// <summary>The prefix of the study user attributes that keep an imported study's system attributes (a sampler's state).</summary>
    public const string StudySystemAttrPrefix = "optuna:system_attr:";

    public static TrialState? ToMetaOpt(int state) => state switch
    {
        Running => TrialState.Running,
        Complete => TrialState.Complete,
        Pruned => TrialState.Pruned,
        Fail => TrialState.Failed,
        Waiting => TrialState.Waiting,
        _ => null,
    };

    public static int FromMetaOpt(TrialState state) => state switch
    {
        TrialState.Running => Running,
        TrialState.Complete => Complete,
        TrialState.Pruned => Pruned,
        TrialState.Failed => Fail,
        _ => Waiting,
    };

    /// <summary>The RDB schema's name of a state (<c>TrialState.name</c>).</summary>
    public static int FromName(string name) => name switch
    {
        "RUNNING" => Running,
        "COMPLETE" => Complete,
        "PRUNED" => Pruned,
        "FAIL" => Fail,
        "WAITING" => Waiting,
        _ => throw new InvalidDataException($"unknown trial state '{name}'"),
    };

    /// <summary>
    /// Optuna writes <c>datetime.now()</c>: the writer's local time without a zone. Read as this machine's local time
    /// (the journal's own machine, in the common case) and kept in UTC, as MetaOpt keeps every time.
    /// </summary>
    public static DateTime ToUtc(DateTime local) => DateTime.SpecifyKind(local, DateTimeKind.Local).ToUniversalTime();

    /// <summary>A UTC time as Optuna writes one: local, to the microsecond (<c>isoformat(timespec="microseconds")</c>).</summary>
    public static string ToOptunaText(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToLocalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    public static DateTime ParseLocal(string text) =>
        DateTime.ParseExact(text, ["yyyy-MM-dd'T'HH:mm:ss.FFFFFF", "yyyy-MM-dd HH:mm:ss.FFFFFF", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss"],
            CultureInfo.InvariantCulture, DateTimeStyles.None);
}
