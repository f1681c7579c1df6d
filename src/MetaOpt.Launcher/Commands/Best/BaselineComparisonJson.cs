using System.Text.Json;

namespace MetaOpt.Launcher.Commands.Best;

/// <summary>The winning strategy and its margins over the best baselines, as fields of <c>metaopt best</c>'s JSON.</summary>
internal static class BaselineComparisonJson
{
    /// <summary>Writes <c>strategy</c> (null when the study has none) and <c>vs_baselines</c> with one entry per group
    /// of the study's declared baselines that it has (the recommender's <c>validation</c> and <c>test</c>);
    /// <c>improvement</c> is positive when the winner beats the baseline; and <c>verdict_from</c>: <c>confirmed_means</c>
    /// when the study was confirmed (the winner's mean against each baseline's mean over its runs), else
    /// <c>single_run</c> (the best trial against the stored baselines).</summary>
    public static void Write(Utf8JsonWriter json, BaselineComparison comparison)
    {
        if (comparison.Strategy is { } strategy)
            json.WriteString("strategy", strategy);
        else
            json.WriteNull("strategy");
        json.WriteString("verdict_from", comparison.Confirmed is null ? "single_run" : "confirmed_means");
        json.WriteStartObject("vs_baselines");
        foreach (var margin in comparison.Margins)
        {
            json.WriteStartObject(margin.Group);
            json.WriteNumber("value", margin.Value);
            json.WriteString("best_baseline", margin.Baseline);
            json.WriteNumber("baseline_value", margin.BaselineValue);
            json.WriteNumber("improvement", margin.Improvement);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }
}
