using System.Text.Json.Nodes;

namespace MetaOpt.Dashboard.Api;

/// <summary>The JSON summary of a study: trial counts by state, its best trial, whether it reports steps, and its search space.</summary>
internal static class StudyView
{
    public static JsonObject Summary(StudyInfo info, IReadOnlyList<FrozenTrial> trials)
    {
        var counts = new JsonObject();
        foreach (var state in Enum.GetValues<TrialState>())
            counts[TrialView.StateName(state)] = 0;
        FrozenTrial? best = null;
        var reportsSteps = false;
        foreach (var trial in trials)
        {
            reportsSteps |= trial.IntermediateValues.Count > 0;
            var name = TrialView.StateName(trial.State);
            counts[name] = counts[name]!.GetValue<int>() + 1;
            if (trial.State == TrialState.Complete && trial.Value is { } v && double.IsFinite(v)
                && (best is null || info.Direction.IsBetter(v, best.Value!.Value)))
                best = trial;
        }
        return new JsonObject
        {
            ["name"] = info.Name,
            ["direction"] = info.Direction == Direction.Minimize ? "minimize" : "maximize",
            ["created"] = new DateTimeOffset(DateTime.SpecifyKind(info.Created, DateTimeKind.Utc)).ToUnixTimeMilliseconds(),
            ["total"] = trials.Count,
            ["counts"] = counts,
            ["best"] = best is null ? null : new JsonObject { ["number"] = best.Number, ["value"] = best.Value },
            // Whether any trial reported a step: without one the page shows a line instead of empty learning curves.
            ["reportsSteps"] = reportsSteps,
        };
    }

    /// <summary>The summary with the search space (from the trials' distributions) and the study's user attributes.</summary>
    public static JsonObject Detail(StudyInfo info, IReadOnlyList<FrozenTrial> trials)
    {
        var detail = Summary(info, trials);
        var space = new JsonObject();
        foreach (var trial in trials)
            foreach (var (name, distribution) in trial.Distributions)
                if (!space.ContainsKey(name))
                    space[name] = Describe(distribution);
        detail["space"] = space;
        var attrs = new JsonObject();
        foreach (var (key, value) in info.UserAttrs.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            attrs[key] = value.ToString();
        detail["userAttrs"] = attrs;
        return detail;
    }

    private static JsonObject Describe(Distribution distribution) => distribution switch
    {
        FloatDistribution f => new JsonObject { ["type"] = "float", ["low"] = f.Low, ["high"] = f.High, ["log"] = f.Log },
        IntDistribution i => new JsonObject { ["type"] = "int", ["low"] = i.Low, ["high"] = i.High, ["log"] = i.Log },
        CategoricalDistribution c => new JsonObject
        {
            ["type"] = "categorical",
            ["choices"] = new JsonArray(c.Choices.Select(choice => (JsonNode?)JsonValue.Create(choice.ToString())).ToArray()),
        },
        _ => new JsonObject { ["type"] = distribution.GetType().Name },
    };
}
