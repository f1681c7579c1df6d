namespace MetaOpt;

/// <summary>
/// The best trial against the study's baselines: which strategy won, and by how much it beats (or trails) the best
/// baseline on the validation users (the objective's own) and on the test users.
/// </summary>
/// <param name="Strategy">The best trial's value of the first of <see cref="ReportOptions.StrategyKeys"/> it has; null when none.</param>
/// <param name="Validation">The objective against the best validation baseline; null when the study has none.</param>
/// <param name="Test">The best trial's test metric against the best test baseline; null when either is missing.</param>
public sealed record BaselineComparison(string? Strategy, BaselineMargin? Validation, BaselineMargin? Test)
{
    /// <summary>The comparison for the study's best trial; null when no trial has completed.</summary>
    public static BaselineComparison? Of(StudySnapshot study, ReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(options);
        if (study.BestTrial is not { } best)
            return null;
        var strategy = options.StrategyKeys.Where(best.Params.ContainsKey).Select(k => Convert.ToString(best.Params[k], System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        var testValue = best.UserAttrs.TryGetValue(options.TestMetricKey, out var t) ? AsNumber(t) : null;
        return new BaselineComparison(
            strategy,
            Margin(study, best.Value, options.ValidationBaselineKeys),
            Margin(study, testValue, options.BaselineKeys));
    }

    // The best of the baselines present, by the study's direction.
    private static BaselineMargin? Margin(StudySnapshot study, double? value, IReadOnlyList<string> keys)
    {
        if (value is not { } v)
            return null;
        var baselines = keys
            .Select(k => (Key: k, Value: study.UserAttrs.TryGetValue(k, out var b) ? AsNumber(b) : null))
            .Where(b => b.Value is { } x && double.IsFinite(x))
            .Select(b => (b.Key, Value: b.Value!.Value))
            .ToList();
        if (baselines.Count == 0)
            return null;
        var sign = study.Direction.Sign();
        var bestBaseline = baselines.MinBy(b => sign * b.Value);
        return new BaselineMargin(v, bestBaseline.Key, bestBaseline.Value, sign * (bestBaseline.Value - v));
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

/// <summary>A value against the best baseline.</summary>
/// <param name="Value">The best trial's value.</param>
/// <param name="Baseline">The key of the best baseline.</param>
/// <param name="BaselineValue">Its value.</param>
/// <param name="Improvement">How much better the trial is than the baseline, in the study's direction; negative when it is worse.</param>
public sealed record BaselineMargin(double Value, string Baseline, double BaselineValue, double Improvement);
