namespace MetaOpt;

/// <summary>
/// The study's winner against its declared baselines (<see cref="StudyDeclarations"/>): which strategy won, and by
/// how much it beats (or trails) the best baseline of each group, such as the recommender's validation and test users.
/// When the study was confirmed the winner is the best mean over repeated runs (<see cref="ConfigurationResult.Winner"/>)
/// and each baseline its mean over its stored runs (<see cref="BaselineRuns"/>), so the verdict compares means rather
/// than one draw of each; otherwise it is the best single trial against the stored baseline values.
/// </summary>
/// <param name="Strategy">The winner's value of the first declared strategy parameter it has; null when none.</param>
/// <param name="Margins">One per baseline group, in the order the groups are declared, for the groups whose compared
/// value and at least one baseline are present.</param>
public sealed record BaselineComparison(string? Strategy, IReadOnlyList<BaselineMargin> Margins)
{
    /// <summary>The confirmed winner the verdict is about; null when the study has no repeats and the verdict rests on its best single trial.</summary>
    public ConfigurationResult? Confirmed { get; init; }

    /// <summary>For a confirmed winner, its mean against each group's best baseline over their runs, with whether the test (paired on common seeds, else Welch's) tells them apart; empty otherwise.</summary>
    public IReadOnlyList<ConfirmedBaselines> ConfirmedMargins { get; init; } = [];

    /// <summary>The comparison for the study's winner; null when no trial has completed.</summary>
    /// <exception cref="InvalidDataException">The study's stored declarations or baseline runs are malformed.</exception>
    public static BaselineComparison? Of(StudySnapshot study, ReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(options);
        var declarations = options.DeclarationsOf(study);
        if (study.BestTrial is not { } best)
            return null;
        var winner = ConfigurationResult.Winner(ConfigurationResult.Of(study.Trials, study.Direction));
        var confirmed = winner is { Repeats: > 1 } ? winner : null;
        var parameters = confirmed?.Params ?? best.Params;
        var strategy = declarations.StrategyParameters.Where(parameters.ContainsKey)
            .Select(k => Convert.ToString(parameters[k], System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        var runs = confirmed is null ? null : BaselineRuns.Read(study.UserAttrs);
        // A confirmed winner's value is its mean; a baseline's, its mean over its runs where it has runs.
        double? ValueOf(string? metric) => confirmed is null
            ? metric is null ? best.Value : best.UserAttrs.TryGetValue(metric, out var t) ? AsNumber(t) : null
            : metric is null ? confirmed.Objective.Mean : confirmed.Metric(metric)?.Mean;
        double? BaselineOf(string key) => runs?.Estimate(key)?.Mean
            ?? (study.UserAttrs.TryGetValue(key, out var x) ? AsNumber(x) : null);
        var margins = declarations.Baselines.GroupBy(b => b.Group)
            .Select(group => Margin(study, declarations, group.Key, group.ToList(), ValueOf, BaselineOf))
            .OfType<BaselineMargin>()
            .ToList();
        return new BaselineComparison(strategy, margins)
        {
            Confirmed = confirmed,
            ConfirmedMargins = confirmed is null ? [] : ConfirmedBaselines.Of(study.UserAttrs, study.Direction, confirmed),
        };
    }

    /// <summary>The margin of the group of that name, or null when it has none.</summary>
    public BaselineMargin? this[string group] => Margins.FirstOrDefault(m => m.Group == group);

    // The best of the group's baselines present, in the direction of the value they are compared with.
    private static BaselineMargin? Margin(StudySnapshot study, StudyDeclarations declarations, string group, List<BaselineDeclaration> baselines,
        Func<string?, double?> valueOf, Func<string, double?> baselineOf)
    {
        var metric = baselines[0].Metric is { } key ? declarations.Metric(key) : null;
        if (valueOf(metric?.Key) is not { } v)
            return null;
        var present = baselines
            .Select(b => (b.Key, Value: baselineOf(b.Key)))
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
/// <param name="Value">The winner's value (a confirmed winner's mean): its objective, or the metric the group's baselines are compared with.</param>
/// <param name="Baseline">The key of the best baseline.</param>
/// <param name="BaselineValue">Its value (its mean over its runs when the study was confirmed and it has runs).</param>
/// <param name="Improvement">How much better the trial is than the baseline, in the compared value's direction; negative when it is worse.</param>
public sealed record BaselineMargin(string Group, double Value, string Baseline, double BaselineValue, double Improvement);
