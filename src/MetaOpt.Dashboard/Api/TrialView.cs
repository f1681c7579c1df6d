using System.Text.Json.Nodes;

namespace MetaOpt.Dashboard.Api;

/// <summary>
/// A trial as the pages read it: MetaOpt's one trial form (<see cref="TrialJson"/>, the form <c>metaopt export</c>
/// writes), with what only a live view shows added beside its fields: <c>datetime_heartbeat</c> and <c>owner</c>.
/// </summary>
internal static class TrialView
{
    public static JsonObject ToJson(FrozenTrial trial)
    {
        var json = TrialJson.ToNode(trial);
        // When the worker running the trial last showed it was alive: the running table's age of a trial's last sign.
        json["datetime_heartbeat"] = trial.Heartbeat is { } heartbeat ? JsonValue.Create(DateTime.SpecifyKind(heartbeat, DateTimeKind.Utc)) : null;
        json["owner"] = Owner(trial);
        return json;
    }

    /// <summary>The lower-case state name the study counts and the <c>state=</c> filter use.</summary>
    public static string StateName(TrialState state) => state.ToString().ToLowerInvariant();

    /// <summary>The worker that ran the trial as "host:pid", without the start ticks that only tell recycled pids apart.</summary>
    private static string? Owner(FrozenTrial trial)
    {
        if (trial.SystemAttrs.GetValueOrDefault(Study.OwnerAttr)?.ToString() is not { } owner)
            return null;
        var lastColon = owner.LastIndexOf(':');
        return lastColon > 0 ? owner[..lastColon] : owner;
    }
}
