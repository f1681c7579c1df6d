using System.Text;
using MetaOpt.Reports.Plots;
using ScottPlot;

namespace MetaOpt;

/// <summary>
/// Adds figures to a <see cref="StudyReport"/>: one method per plot, each returning the plot so it can be styled
/// before the report is written (ScottPlot's <c>plot.Add</c> pattern).
/// </summary>
public sealed class ReportPlotAdder
{
    /// <summary>The file of the parameter importance figure, which the page introduces with the method used.</summary>
    internal const string ImportanceFileName = "importance.png";

    private readonly StudyReport _report;

    internal ReportPlotAdder(StudyReport report) => _report = report;

    private StudySnapshot Study => _report.Study;

    /// <summary>
    /// Adds every figure of the standard report that applies to the study, in reading order. Those that do not are left
    /// out: the intermediate values of a study that reported no step (the page says so where the pruning savings
    /// would be), the noise plot of a study without repeats, and importance, contour, rank and parallel coordinates without the parameters they need (with a
    /// line in <see cref="StudyReport.LeftOut"/>).
    /// </summary>
    /// <returns>The figures added.</returns>
    public IReadOnlyList<ReportFigure> All()
    {
        var before = _report.Figures.Count;
        if (Study.IsMultiObjective)
        {
            ParetoFront();
            HypervolumeHistory();
            Timeline();
            _report.LeaveOut($"This study has {Study.Directions.Count} objectives, so the plots of one objective's values (history, distribution, " +
                "importance, contour, rank, parallel coordinates, slices) are left out: the Pareto front and its hypervolume take their place.");
            return _report.Figures.Skip(before).ToList();
        }
        var parameters = Study.ParameterNames.Count;
        OptimizationHistory();
        // The page says once why the learning curves and the pruning savings are missing.
        if (Study.ReportsSteps)
            IntermediateValues();
        EmpiricalDistribution();
        Timeline();
        if (ConfigurationResult.Of(Study.Trials, Study.Direction).Any(c => c.Repeats > 1))
            Noise();
        else
            _report.LeaveOut("No configuration was evaluated more than once, so there is no noise panel: confirm the best configurations (metaopt confirm, or run --confirm K,R) to measure the noise.");
        if (parameters >= 2)
        {
            ParameterImportance();
            Contour();
        }
        else if (parameters == 1)
        {
            _report.LeaveOut($"With one parameter ({Study.ParameterNames[0]}) there is no parameter importance to rank and no contour, which needs two.");
        }
        else
        {
            _report.LeaveOut(Study.Trials.Count == 0
                ? "No trial has suggested a parameter yet, so there are no parameter plots."
                : "This study has no parameters, so there is no parameter importance, contour, rank or parallel-coordinates plot.");
        }
        if (parameters >= 1)
        {
            Rank();
            ParallelCoordinates();
        }
        Slices();
        return _report.Figures.Skip(before).ToList();
    }

    /// <summary>Adds the optimisation history (<see cref="OptimizationHistoryPlot"/>).</summary>
    public Plot OptimizationHistory() => Add("history.png", "Optimisation history",
        "Each dot is a trial's objective value; the red step line is the best value found so far. Pruned trials " +
        "show their last reported value, which is not comparable with a full run.",
        OptimizationHistoryPlot.Create(Study));

    /// <summary>Adds the Pareto front of a multi-objective study, over its first two objectives (<see cref="ParetoFrontPlot"/>).</summary>
    public Plot ParetoFront() => Add("pareto.png", "Pareto front",
        "Each dot is a complete trial's values of the first two objectives; the red ones are the Pareto front (no other trial is at " +
        "least as good in every objective and better in one), joined in order of the first objective." +
        (Study.Directions.Count > 2 ? $" The front is taken over all {Study.Directions.Count} objectives, so front trials may look dominated in this projection." : ""),
        ParetoFrontPlot.Create(Study));

    /// <summary>Adds the hypervolume of the front found so far against the trial number (<see cref="HypervolumeHistoryPlot"/>).</summary>
    public Plot HypervolumeHistory() => Add("hypervolume.png", "Hypervolume history",
        "The volume of objective space that the Pareto front found so far dominates, up to a reference point just worse than the worst " +
        "complete trial in every objective: it grows whenever a trial extends or improves the front.",
        HypervolumeHistoryPlot.Create(Study));

    /// <summary>Adds the learning curves (<see cref="IntermediateValuesPlot"/>).</summary>
    public Plot IntermediateValues() => Add("intermediate.png", "Intermediate values",
        "The value each trial reported per step (epoch). A cross marks where the pruner stopped a trial; the " +
        "red curve is the best trial.",
        IntermediateValuesPlot.Create(Study));

    /// <summary>Adds the empirical distribution of the objective values (<see cref="EmpiricalDistributionPlot"/>).</summary>
    public Plot EmpiricalDistribution() => Add("edf.png", "Empirical distribution of the objective",
        "The share of completed trials whose value is at or below each value: the earlier and steeper the curve " +
        "rises, the more trials found good values.",
        EmpiricalDistributionPlot.Create(Study));

    /// <summary>Adds the timeline of the trials per worker (<see cref="TimelinePlot"/>).</summary>
    public Plot Timeline() => Add("timeline.png", "Timeline",
        "One row per worker process, one bar per trial from start to end, coloured by state: overlapping rows show " +
        "parallel trials, short orange bars the pruner's cuts, gaps a worker sitting idle.",
        TimelinePlot.Create(Study));

    /// <summary>Adds the noise plot, each repeated configuration's runs beside the first runs of all (<see cref="NoisePlot"/>).</summary>
    public Plot Noise() => Add("noise.png", "Noise: the runs of each repeated configuration",
        "Grey: the first run of every configuration, the spread the search saw. Blue: the runs of each repeated " +
        "configuration (one seed each), best mean first, with the mean and its 95% interval in red. Where an interval " +
        "is as wide as the grey spread, single runs rank configurations mostly by luck.",
        NoisePlot.Create(Study));

    /// <summary>Adds the rank plot of the two most important parameters (<see cref="RankPlot"/>).</summary>
    public Plot Rank()
    {
        var ranked = RankedParameters();
        if (ranked.Count == 0)
            return Add("rank.png", "Rank", "This study has no parameters.", PlotTheme.ShowMessage(PlotTheme.Create("Rank", "", ""), "This study has no parameters"));
        return Add("rank.png", ranked.Count >= 2 ? $"Rank: {ranked[0]} and {ranked[1]}" : $"Rank: {ranked[0]}",
            "Each completed trial placed by its parameters and coloured by the rank of its value (bright = best), so " +
            "the region of good configurations shows whatever the scale of the values.",
            RankPlot.Create(Study, ranked[0], ranked.Count >= 2 ? ranked[1] : null));
    }

    /// <summary>Adds the parameter importance bar chart (<see cref="ParameterImportancePlot"/>).</summary>
    public Plot ParameterImportance()
    {
        var importance = _report.Importance;
        return Add(ImportanceFileName, "Parameter importance",
            $"Method: {importance.Method}. Each bar is the share of the objective's variance that the parameter " +
            "explains on its own (main effect), normalised to sum to 100%." + (importance.Note is null ? "" : " " + importance.Note),
            ParameterImportancePlot.Create(importance, Study.Name));
    }

    /// <summary>Adds the contour of the two most important parameters, or a plot that says why there is none.</summary>
    public Plot Contour()
    {
        var ranked = RankedParameters();
        if (ranked.Count >= 2)
            return Contour(ranked[0], ranked[1]);
        var message = $"A contour needs two parameters; this study has {ranked.Count}";
        return Add("contour.png", "Contour", message + ".", PlotTheme.ShowMessage(PlotTheme.Create("Contour", "", ""), message));
    }

    /// <summary>Adds the contour of two given parameters (<see cref="ContourPlot"/>).</summary>
    public Plot Contour(string xParameter, string yParameter) => Add("contour.png", $"Contour: {xParameter} and {yParameter}",
        "The objective interpolated between the completed trials (white dots) by inverse-distance weighting; " +
        "trust the colour only near the dots. The red circle is the best trial.",
        ContourPlot.Create(Study, xParameter, yParameter));

    /// <summary>Adds the parallel coordinates, parameters ordered by importance (<see cref="ParallelCoordinatePlot"/>).</summary>
    public Plot ParallelCoordinates() => Add("parallel.png", "Parallel coordinates",
        "One line per completed trial through its objective value and parameters, each axis scaled to its own " +
        "range; the colour is the trial's rank, bright lines the best trials.",
        ParallelCoordinatePlot.Create(Study, RankedParameters()));

    /// <summary>Adds one slice plot per parameter, most important first (<see cref="SlicePlot"/>).</summary>
    public IReadOnlyList<Plot> Slices() => RankedParameters().Select(Slice).ToList();

    /// <summary>Adds the slice plot of one parameter.</summary>
    public Plot Slice(string parameter) => Add($"slice_{_report.Figures.Count(f => f.FileName.StartsWith("slice_", StringComparison.Ordinal)) + 1:00}_{FileSafe(parameter)}.png",
        $"Slice: {parameter}",
        "The objective of each completed trial against this parameter; the colour is the trial number (late " +
        "trials are yellow), so a sampler that converges shows yellow points crowding one region.",
        SlicePlot.Create(Study, parameter));

    private Plot Add(string fileName, string title, string caption, Plot plot)
    {
        _report.AddFigure(new ReportFigure(fileName, title, caption, plot));
        return plot;
    }

    /// <summary>Parameters by importance, then any the ranking left out (by name).</summary>
    private List<string> RankedParameters()
    {
        var ranked = _report.Importance.Importances.Select(p => p.Parameter).ToList();
        return ranked.Concat(Study.ParameterNames.Except(ranked)).ToList();
    }

    private static string FileSafe(string name)
    {
        var safe = new StringBuilder();
        foreach (var c in name)
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        return safe.Length == 0 ? "parameter" : safe.ToString();
    }
}
