using System.Text.Json.Nodes;

namespace MetaOpt.Dashboard.Api;

/// <summary>The JSON form of a trial that the pages read: everything the charts and the table show, times in epoch milliseconds.</summary>
internal static class TrialView
{
    public static JsonObject ToJson(FrozenTrial trial)
    {
        var intermediate = new JsonArray();
        foreach (var (step, value) in trial.IntermediateValues.OrderBy(kv => kv.Key))
            intermediate.Add(new JsonArray(step, Finite(value)));
        var parameters = new JsonObject();
        foreach (var (name, value) in trial.Params.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            parameters[name] = Param(value);
        return new JsonObject
        {
            ["number"] = trial.Number,
            ["state"] = StateName(trial.State),
            ["value"] = Finite(trial.Value),
            ["params"] = parameters,
            ["intermediate"] = intermediate,
            ["start"] = Millis(trial.DatetimeStart),
            ["complete"] = Millis(trial.DatetimeComplete),
            ["heartbeat"] = Millis(trial.Heartbeat),
            ["owner"] = Owner(trial),
            ["device"] = trial.UserAttrs.GetValueOrDefault(Trial.DeviceAttr)?.ToString(),
            ["failReason"] = trial.FailReason,
        };
    }

    /// <summary>The lower-case state name the pages and the <c>state=</c> filter use.</summary>
    public static string StateName(TrialState state) => state.ToString().ToLowerInvariant();

    /// <summary>The worker that ran the trial as "host:pid", without the start ticks that only tell recycled pids apart.</summary>
    private static string? Owner(FrozenTrial trial)
    {
        if (trial.SystemAttrs.GetValueOrDefault(Study.OwnerAttr)?.ToString() is not { } owner)
            return null;
        var lastColon = owner.LastIndexOf(':');
        return lastColon > 0 ? owner[..lastColon] : owner;
    }

    private static JsonNode? Param(object value) => value switch
    {
        double d => Finite(d),
        float f => Finite(f),
        int i => i,
        long l => l,
        bool b => b,
        _ => value.ToString(),
    };

    // JSON has no NaN or infinity: a diverged value is shown as missing.
    private static JsonNode? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    private static long? Millis(DateTime? time) =>
        time is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)).ToUnixTimeMilliseconds() : null;
}
