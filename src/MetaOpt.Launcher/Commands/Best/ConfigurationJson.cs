using System.Text.Json;

namespace MetaOpt.Launcher.Commands.Best;

/// <summary>Configurations judged by their repeats, as fields of <c>metaopt best</c>'s and <c>export --format json</c>'s JSON.</summary>
internal static class ConfigurationJson
{
    /// <summary>
    /// Writes <c>winner</c> (the best repeated mean, else the best trial; see <see cref="ConfigurationResult.Winner"/>),
    /// <c>repeated</c> (every configuration evaluated more than once, best mean first), <c>top_two_told_apart</c> (the
    /// winner against the best other repeated configuration, <see cref="ConfigurationResult.RunnerUp"/>, by a paired
    /// t-test on their common seeds, else Welch's test, at 5%; null when fewer than two were repeated) and
    /// <c>top_two_difference</c> (the winner's mean minus the other's, with its interval); <c>baseline_runs</c> (each
    /// declared baseline's mean over the runs a confirmation stored) and <c>winner_vs_baselines</c> (per baseline
    /// group, the winner's mean against the best baseline's, and their <c>difference</c> with its interval, paired
    /// when they share seeds).
    /// </summary>
    public static void Write(Utf8JsonWriter json, Study study)
    {
        var ranked = study.Configurations;
        var metrics = StudyDeclarations.Read(study.UserAttrs).Metrics;
        var winner = ConfigurationResult.Winner(ranked);
        json.WritePropertyName("winner");
        if (winner is not null)
            WriteOne(json, winner, metrics);
        else
            json.WriteNullValue();
        var repeated = ranked.Where(c => c.Repeats > 1).ToList();
        json.WriteStartArray("repeated");
        foreach (var configuration in repeated)
            WriteOne(json, configuration, metrics);
        json.WriteEndArray();
        var topTwo = winner is { Repeats: > 1 } && ConfigurationResult.RunnerUp(ranked, winner) is { } runnerUp
            ? MeanDifference.Of(winner.Objective, runnerUp.Objective)
            : null;
        if (topTwo is null)
        {
            json.WriteNull("top_two_told_apart");
            json.WriteNull("top_two_difference");
        }
        else
        {
            json.WriteBoolean("top_two_told_apart", topTwo.ToldApart);
            WriteDifference(json, "top_two_difference", topTwo);
        }
        var runs = BaselineRuns.Read(study.UserAttrs);
        json.WriteStartObject("baseline_runs");
        foreach (var baseline in StudyDeclarations.Read(study.UserAttrs).Baselines)
        {
            if (runs.Estimate(baseline.Key) is { } estimate)
                WriteEstimate(json, baseline.Key, estimate);
        }
        json.WriteEndObject();
        json.WriteStartObject("winner_vs_baselines");
        foreach (var comparison in ConfirmedBaselines.Of(study.UserAttrs, study.Direction, winner))
        {
            json.WriteStartObject(comparison.Group);
            WriteEstimate(json, "value", comparison.Winner);
            json.WriteString("best_baseline", comparison.Baseline.Key);
            WriteEstimate(json, "baseline_value", comparison.BaselineEstimate);
            WriteDifference(json, "difference", comparison.Difference);
            json.WriteBoolean("told_apart", comparison.ToldApart);
            json.WriteBoolean("winner_better", comparison.WinnerBetter);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static void WriteOne(Utf8JsonWriter json, ConfigurationResult configuration, IReadOnlyList<MetricDeclaration> metrics)
    {
        json.WriteStartObject();
        json.WriteNumber("configuration", configuration.Configuration);
        json.WriteNumber("repeats", configuration.Repeats);
        json.WriteStartArray("trials");
        foreach (var trial in configuration.Trials)
            json.WriteNumberValue(trial.Number);
        json.WriteEndArray();
        json.WriteStartArray("seeds");
        foreach (var trial in configuration.Trials)
        {
            if (trial.Seed is { } seed)
                json.WriteNumberValue(seed);
            else
                json.WriteNullValue();
        }
        json.WriteEndArray();
        WriteEstimate(json, "value", configuration.Objective);
        TrialJson.WriteMap(json, "params", configuration.Params);
        json.WriteStartObject("metrics");
        foreach (var metric in metrics)
        {
            if (configuration.Metric(metric.Key) is { } estimate)
                WriteEstimate(json, metric.Key, estimate);
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>A mean as <c>{"mean", "sd", "low", "high"}</c>, the last three null for a single value.</summary>
    public static void WriteEstimate(Utf8JsonWriter json, string name, MeanEstimate estimate)
    {
        json.WriteStartObject(name);
        json.WriteNumber("n", estimate.Count);
        WriteNumberOrNull(json, "mean", estimate.Mean);
        WriteNumberOrNull(json, "sd", estimate.StandardDeviation);
        WriteNumberOrNull(json, "low", estimate.Low);
        WriteNumberOrNull(json, "high", estimate.High);
        json.WriteEndObject();
    }

    /// <summary>A difference of means as <c>{"mean", "low", "high", "paired_seeds"}</c> (<see cref="MeanDifference"/>; 0 seeds: Welch's).</summary>
    private static void WriteDifference(Utf8JsonWriter json, string name, MeanDifference difference)
    {
        json.WriteStartObject(name);
        WriteNumberOrNull(json, "mean", difference.Mean);
        WriteNumberOrNull(json, "low", difference.Low);
        WriteNumberOrNull(json, "high", difference.High);
        json.WriteNumber("paired_seeds", difference.Pairs);
        json.WriteEndObject();
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, double? value)
    {
        json.WritePropertyName(name);
        if (value is { } v)
            ValueJson.WriteDouble(json, v);
        else
            json.WriteNullValue();
    }
}
