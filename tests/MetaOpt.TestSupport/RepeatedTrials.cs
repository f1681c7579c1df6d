namespace MetaOpt.TestSupport;

/// <summary>Studies whose configurations were repeated, built trial by trial with given values: where the tests of confirmed means start.</summary>
public static class RepeatedTrials
{
    /// <summary>
    /// Adds one Complete trial per row, suggesting one parameter <c>x</c> in [0, 1]: a new configuration at
    /// <c>X</c>, or (with <c>RepeatOf</c>) a repeat of that trial's configuration (its <c>X</c> unused); each records
    /// <c>Value</c> times <paramref name="metricScale"/> as the user attribute <paramref name="metric"/>.
    /// </summary>
    public static void Add(Study study, IEnumerable<(double X, double Value, int? RepeatOf)> trials, string metric, double metricScale)
    {
        ArgumentNullException.ThrowIfNull(trials);
        Add(study, trials.Select(t => (t.X, t.Value, t.Value * metricScale, t.RepeatOf)), metric);
    }

    /// <summary>As the other overload, each trial recording its own <c>Metric</c> value as <paramref name="metric"/>.</summary>
    public static void Add(Study study, IEnumerable<(double X, double Value, double Metric, int? RepeatOf)> trials, string metric)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(trials);
        foreach (var (x, value, metricValue, repeatOf) in trials)
        {
            if (repeatOf is { } first)
                study.EnqueueRepeat(study.Trials[first]);
            else
                study.EnqueueTrial(new Dictionary<string, object> { ["x"] = x });
            var trial = study.Ask();
            trial.SuggestFloat("x", 0, 1);
            trial.SetUserAttr(metric, metricValue);
            study.Tell(trial, value);
        }
    }
}
