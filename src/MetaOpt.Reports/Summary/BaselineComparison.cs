namespace MetaOpt;

/// <summary>
/// The best trial against the study's declared baselines (<see cref="StudyDeclarations"/>): which strategy won, and
/// by how much it beats (or trails) the best baseline of each group, such as the recommender's validation and test users.
/// </summary>
/// <param name="Strategy">The best trial's value of the first declared strategy parameter it has; null when none.</param>
/// <param name="Margins">One per baseline group, in the order the groups are declared, for the groups whose compared
/// value and at least one baseline are present.</param>
public sealed record BaselineComparison(string? Strategy, IReadOnlyList<BaselineMargin> Margins)
{
    /// <summary>The comparison for the study's best trial; null when no trial has completed.</summary>
    /// <exception cref="InvalidDataException">The study's stored declarations are malformed.</exception>
    public static BaselineComparison? Of(StudySnapshot study, ReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(options);
        var declarations = options.DeclarationsOf(study);
        if (study.BestTrial is not { } best)
            return null;
        var strategy = declarations.StrategyParameters.Where(best.Params.ContainsKey)
            .Select(k => Convert.ToString(best.Params[k], System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        var margins = declarations.Baselines.GroupBy(b => b.Group)
            .Select(group => Margin(study, best, declarations, group.Key, group.ToList()))
            .OfType<BaselineMargin>()
            .ToList();
        return new BaselineComparison(strategy, margins);
    }

    /// <summary>The margin of the group of that name, or null when it has none.</summary>
    public BaselineMargin? this[string group] => Margins.FirstOrDefault(m => m.Group == group);

    // The best of the group's baselines present, in the direction of the value they are compared with.
    private static BaselineMargin? Margin(StudySnapshot study, FrozenTrial best, StudyDeclarations declarations, string group, List<BaselineDeclaration> baselines)
    {
        var metric = baselines[0].Metric is { } key ? declarations.Metric(key) : null;
        var value = metric is null ? best.Value : best.UserAttrs.TryGetValue(metric.Key, out var t) ? AsNumber(t) : null;
        if (value is not { } v)
            return null;
        var present = baselines
            .Select(b => (b.Key, Value: study.UserAttrs.TryGetValue(b.Key, out var x) ? AsNumber(x) : null))
            .Where(b => b.Value is { } x && double.IsFinite(x))
            .Select(b => (b.Key, Value: b.Value!.Value))
            .ToList();
        if (present.Count == 0)
            return null;
        var sign = (metric?.Direction ?? study.Direction).Sign();
        var bestBaseline = present.MinBy(b => sign * b.Value);
        return new BaselineMargin(group, v, bestBaseline.Key, bestBaseline.Value, sign * (bestBaseline.Value - v));
    }

    private static double? AsNumber(object value) => value switch
    {
        double d => d,
        float f => f,
        int i => i,
        long l => l,
        _ => null,
    };
}

/// <summary>A value against the best baseline of a group.</summary>
/// <param name="Group">The baselines' group (<see cref="BaselineDeclaration.Group"/>).</param>
/// <param name="Value">The best trial's value: its objective, or the metric the group's baselines are compared with.</param>
/// <param name="Baseline">The key of the best baseline.</param>
/// <param name="BaselineValue">Its value.</param>
/// <param name="Improvement">How much better the trial is than the baseline, in the compared value's direction; negative when it is worse.</param>
public sealed record BaselineMargin(string Group, double Value, string Baseline, double BaselineValue, double Improvement);
