using System.Text.Json.Nodes;

namespace MetaOpt.Dashboard.Api;

/// <summary>
/// The JSON summary of a study: trial counts by state, its best trial, whether it reports steps, its confirmed
/// configurations when it has repeats, and its search space.
/// </summary>
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
        var summary = new JsonObject
        {
            ["name"] = info.Name,
            ["direction"] = info.Direction == Direction.Minimize ? "minimize" : "maximize",
            ["created"] = new DateTimeOffset(DateTime.SpecifyKind(info.Created, DateTimeKind.Utc)).ToUnixTimeMilliseconds(),
            ["total"] = trials.Count,
            ["counts"] = counts,
            ["best"] = best is null ? null : new JsonObject { ["number"] = best.Number, ["value"] = best.Value },
            // Whether any trial reported a step: without one the page shows a line instead of empty learning curves.
            ["reportsSteps"] = reportsSteps,
            ["confirmed"] = Confirmed(info, trials),
        };
        // A multi-objective study has no single best trial: its directions and the size of its Pareto front instead.
        if (info.IsMultiObjective)
        {
            summary["directions"] = new JsonArray(info.Directions.Select(d => (JsonNode)(d == Direction.Minimize ? "minimize" : "maximize")).ToArray());
            summary["front"] = Pareto.Front(trials, info.Directions).Count;
        }
        return summary;
    }

    /// <summary>
    /// The configurations evaluated more than once, best mean first, each with its runs, mean and 95% interval, the
    /// winner (as <c>best</c> names it), its runner-up and whether the two can be told apart, and the baselines' runs;
    /// null without repeats. In
    /// the summary the page polls, so a confirmation shows while it runs. Damaged baseline runs become
    /// <c>{"error": ...}</c> in place of the baselines.
    /// </summary>
    private static JsonObject? Confirmed(StudyInfo info, IReadOnlyList<FrozenTrial> trials)
    {
        var ranked = ConfigurationResult.Of(trials, info.Direction);
        if (ConfigurationResult.Contest(ranked) is not { } contest)
            return null;
        var repeated = ranked.Where(c => c.Repeats > 1).ToList();
        JsonObject Estimate(MeanEstimate e) => new() { ["runs"] = e.Count, ["mean"] = e.Mean, ["low"] = e.Low, ["high"] = e.High };
        JsonNode baselines;
        try
        {
            var runs = BaselineRuns.Read(info.UserAttrs);
            baselines = new JsonArray(StudyDeclarations.Read(info.UserAttrs).Baselines
                .Select(b => (Baseline: b, Estimate: runs.Estimate(b.Key)))
                .Where(b => b.Estimate is not null)
                .Select(b =>
                {
                    var node = Estimate(b.Estimate!);
                    node["key"] = b.Baseline.Key;
                    node["label"] = b.Baseline.Label;
                    node["group"] = b.Baseline.Group;
                    return (JsonNode)node;
                }).ToArray());
        }
        catch (InvalidDataException e)
        {
            baselines = new JsonObject { ["error"] = e.Message };
        }
        return new JsonObject
        {
            ["configurations"] = new JsonArray(repeated.Select(c =>
            {
                var node = Estimate(c.Objective);
                node["configuration"] = c.Configuration;
                return (JsonNode)node;
            }).ToArray()),
            ["winner"] = contest.Winner.Configuration,
            ["runnerUp"] = contest.RunnerUp?.Configuration,
            ["winnerHasBestMean"] = contest.WinnerHasBestMean,
            ["topTwoToldApart"] = contest.Difference?.ToldApart,
            ["topTwoTest"] = contest.Difference?.Test,
            ["baselines"] = baselines,
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
        foreach (var (key, value) in info.UserAttrs.Where(kv => kv.Key != StudyDeclarations.AttributeKey).OrderBy(kv => kv.Key, StringComparer.Ordinal))
            attrs[key] = value.ToString();
        detail["userAttrs"] = attrs;
        detail["declarations"] = Declarations(info.UserAttrs);
        return detail;
    }

    /// <summary>
    /// The study's declared metrics and strategy parameters, and its baselines with their stored values (null when not
    /// stored yet); a damaged declaration becomes <c>{"error": ...}</c>, so the rest of the page still shows.
    /// </summary>
    private static JsonObject Declarations(IReadOnlyDictionary<string, object> studyAttrs)
    {
        StudyDeclarations declarations;
        try
        {
            declarations = StudyDeclarations.Read(studyAttrs);
        }
        catch (InvalidDataException e)
        {
            return new JsonObject { ["error"] = e.Message };
        }
        JsonArray Array<T>(IEnumerable<T> items, Func<T, JsonNode?> node) => new(items.Select(node).ToArray());
        return new JsonObject
        {
            ["metrics"] = Array(declarations.Metrics, m => new JsonObject
            {
                ["key"] = m.Key,
                ["label"] = m.Label,
                ["direction"] = m.Direction.ToString().ToLowerInvariant(),
            }),
            ["baselines"] = Array(declarations.Baselines, b => new JsonObject
            {
                ["key"] = b.Key,
                ["label"] = b.Label,
                ["group"] = b.Group,
                ["metric"] = b.Metric,
                ["value"] = studyAttrs.GetValueOrDefault(b.Key) is { } v and (double or float or int or long) ? Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture) : null,
            }),
            ["strategyParameters"] = Array(declarations.StrategyParameters, p => JsonValue.Create(p)),
        };
    }

    /// <summary>
    /// The engine's JSON form of the distribution, with a categorical's choices also as the labels the page shows and
    /// the <c>value=</c> filter matches.
    /// </summary>
    private static JsonObject Describe(Distribution distribution)
    {
        if (distribution is not (FloatDistribution or IntDistribution or CategoricalDistribution))
            return new JsonObject { ["kind"] = distribution.GetType().Name };
        var node = DistributionJson.ToNode(distribution);
        if (distribution is CategoricalDistribution c)
            node["labels"] = new JsonArray(c.Choices.Select(choice => (JsonNode?)JsonValue.Create(TrialQuery.Label(choice))).ToArray());
        return node;
    }
}
