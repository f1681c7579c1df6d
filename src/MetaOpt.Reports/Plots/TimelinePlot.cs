using MetaOpt.Reports.Plots;
using ScottPlot;

namespace MetaOpt;

/// <summary>
/// One row per worker (the process that ran the trials, the trial's <c>owner</c> system attribute) and one bar per
/// trial from its start to its end, coloured by state: shows how many trials ran in parallel, where the pruner cut
/// trials short and where a worker sat idle.
/// </summary>
/// <remarks>
/// A running trial's bar ends at its last heartbeat (or at the latest time the study recorded). Trials from a
/// storage without owners share one row. Optuna's <c>plot_timeline</c>, grouped by worker.
/// </remarks>
public static class TimelinePlot
{
    /// <summary>Draws the timeline of a study.</summary>
    /// <returns>The plot, for further styling or saving.</returns>
    public static Plot Create(StudySnapshot study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var started = study.Trials.Where(t => t.DatetimeStart is not null).ToList();
        if (started.Count == 0)
        {
            var empty = PlotTheme.Create($"Timeline: {study.Name}", "Time since the first trial started", "Worker");
            return PlotTheme.ShowMessage(empty, study.Trials.Count == 0 ? "No trials yet" : "No trial has started yet");
        }

        var origin = started.Min(t => t.DatetimeStart!.Value);
        var latest = started.Max(t => t.DatetimeComplete ?? t.Heartbeat ?? t.DatetimeStart!.Value);
        var unit = TimeUnit.For(latest - origin);
        var workers = started.OrderBy(t => t.DatetimeStart).Select(Owner).Distinct().ToList();
        var rows = workers.Select((w, i) => (w, i)).ToDictionary(p => p.w, p => p.i);
        var plot = PlotTheme.Create($"Timeline: {study.Name}", $"Time since the first trial started ({unit.Name})", "Worker");

        foreach (var state in Enum.GetValues<TrialState>())
        {
            var trials = started.Where(t => t.State == state).ToList();
            if (trials.Count == 0)
                continue;
            var color = ColorOf(state);
            var bars = plot.Add.Bars(trials.Select(t => new Bar
            {
                Position = rows[Owner(t)],
                ValueBase = unit.Of(t.DatetimeStart!.Value - origin),
                Value = unit.Of((t.DatetimeComplete ?? t.Heartbeat ?? latest) - origin),
                Size = 0.7,
                FillColor = color,
                LineWidth = 0,
            }).ToList());
            bars.Horizontal = true;
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"{state} ({trials.Count})", FillColor = color });
        }
        var busy = workers.Count == 0 ? 0 : BusyFraction(started, latest, origin, workers.Count);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"{workers.Count} worker{(workers.Count == 1 ? "" : "s")}, busy {busy * 100:0}% of the time" });
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, workers.Count).Select(i => (double)i).ToArray(), workers.Select(Label).ToArray());
        plot.Axes.SetLimits(0, Math.Max(unit.Of(latest - origin), 1e-9) * 1.02, -0.6, workers.Count - 0.4);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    private static string Owner(FrozenTrial trial) => trial.SystemAttrs.GetValueOrDefault(Study.OwnerAttr) as string ?? "unknown worker";

    // An owner reads host:pid:start-ticks; host and pid name the worker well enough on an axis.
    private static string Label(string owner)
    {
        var parts = owner.Split(':');
        return parts.Length == 3 ? $"{parts[0]}:{parts[1]}" : owner;
    }

    /// <summary>The share of the workers' time (first start to last end, per worker count) spent inside some trial.</summary>
    private static double BusyFraction(IReadOnlyList<FrozenTrial> trials, DateTime latest, DateTime origin, int workers)
    {
        var span = (latest - origin).Ticks * (double)workers;
        if (span <= 0)
            return 1;
        var busy = trials.Sum(t => ((t.DatetimeComplete ?? t.Heartbeat ?? latest) - t.DatetimeStart!.Value).Ticks);
        return Math.Clamp(busy / span, 0, 1);
    }

    private static Color ColorOf(TrialState state) => state switch
    {
        TrialState.Complete => PlotTheme.Complete,
        TrialState.Pruned => PlotTheme.Pruned,
        TrialState.Running => Color.FromHex("#2ca02c"),
        _ => PlotTheme.Failed,
    };

    /// <summary>Seconds, minutes or hours, whichever keeps the axis' numbers readable.</summary>
    private sealed record TimeUnit(string Name, double Seconds)
    {
        public static TimeUnit For(TimeSpan span) => span.TotalHours >= 3 ? new("h", 3600) : span.TotalMinutes >= 3 ? new("min", 60) : new("s", 1);

        public double Of(TimeSpan span) => span.TotalSeconds / Seconds;
    }
}
