using MetaOpt.Reports.Html;
using MetaOpt.Reports.Plots;
using ScottPlot;

namespace MetaOpt;

/// <summary>
/// A study's convergence report: PNG plots plus one self-contained HTML page with the study's settings, trial
/// counts, best configuration and metrics beside the baselines, timing and the pruner's savings.
/// </summary>
/// <remarks>
/// The one-liner is <see cref="Write(Study, string, ReportOptions?, CancellationToken)"/>. To choose or restyle plots, create a report,
/// add figures through <see cref="Add"/> (each returns its ScottPlot <see cref="Plot"/>), then call
/// <see cref="Write(string, CancellationToken)"/>. Parameter importance is evaluated once per report and shared by the importance,
/// contour, rank, parallel-coordinate and slice figures; past 1 000 completed trials it is fitted on 1 000 of them, evenly spread.
/// </remarks>
/// <example><code>
/// var files = StudyReport.Write(study, "report");
/// Console.WriteLine($"Open {files.HtmlPath}");
///
/// var report = new StudyReport(study);
/// report.Add.OptimizationHistory().Axes.SetLimitsY(0.7, 1.2);
/// report.Add.ParameterImportance();
/// report.Write("report-short");
/// </code></example>
public sealed class StudyReport
{
    private readonly List<ReportFigure> _figures = [];
    private readonly List<string> _leftOut = [];
    private readonly Lazy<ImportanceResult> _importance;

    /// <summary>Starts an empty report of a study, reading its trials once.</summary>
    public StudyReport(Study study, ReportOptions? options = null)
        : this(StudySnapshot.Of(study), options)
    {
    }

    /// <summary>Starts an empty report of a study snapshot.</summary>
    public StudyReport(StudySnapshot study, ReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(study);
        Study = study;
        Options = options ?? new ReportOptions();
        Add = new ReportPlotAdder(this);
        _importance = new Lazy<ImportanceResult>(EvaluateImportance);
    }

    /// <summary>The trials and attributes the report shows.</summary>
    public StudySnapshot Study { get; }

    /// <summary>What the report shows and how big its images are.</summary>
    public ReportOptions Options { get; }

    /// <summary>Adds figures; each method returns the plot for styling.</summary>
    public ReportPlotAdder Add { get; }

    /// <summary>The figures added so far, in page order.</summary>
    public IReadOnlyList<ReportFigure> Figures => _figures;

    /// <summary>What <see cref="ReportPlotAdder.All"/> left out as not applying to this study, each as the line the page shows instead.</summary>
    public IReadOnlyList<string> LeftOut => _leftOut;

    /// <summary>The parameter importances (evaluated on first use with <see cref="ReportOptions.ImportanceEvaluator"/>).</summary>
    public ImportanceResult Importance => _importance.Value;

    /// <summary>Writes the standard report of a study: every plot as PNG, every trial as <c>trials.csv</c> and the HTML page <c>report.html</c>.</summary>
    /// <param name="study">The study; an empty one gives a page saying there is nothing to show yet.</param>
    /// <param name="outDir">The folder to write to; created if missing; files of an earlier report are replaced.</param>
    /// <param name="options">Image size, metric and baseline keys, epochs of a full run, importance method.</param>
    /// <param name="cancellation">Checked before each image; see <see cref="ReportFolder"/> to keep an earlier report whole.</param>
    /// <returns>The files written.</returns>
    /// <exception cref="OperationCanceledException">Cancelled; some images may be written, the page is not.</exception>
    public static ReportFiles Write(Study study, string outDir, ReportOptions? options = null, CancellationToken cancellation = default)
    {
        var report = new StudyReport(study, options);
        report.Add.All();
        return report.Write(outDir, cancellation);
    }

    /// <summary>
    /// Writes a comparison of several studies: their best-so-far curves on one plot, each study's history, and a
    /// table of their trial counts, best values and times, as PNGs and the HTML page <c>comparison.html</c>.
    /// </summary>
    /// <param name="studies">At least one study; typically one per sampler or per strategy, with the same direction.</param>
    /// <param name="outDir">The folder to write to; created if missing.</param>
    /// <param name="options">Image size (the other options do not apply to comparisons).</param>
    /// <param name="cancellation">Checked before each image.</param>
    /// <returns>The files written.</returns>
    /// <exception cref="ArgumentException">No study was given.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; some images may be written, the page is not.</exception>
    public static ReportFiles WriteComparison(
        IEnumerable<Study> studies, string outDir, ReportOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(studies);
        var snapshots = studies.Select(StudySnapshot.Of).ToList();
        options ??= new ReportOptions();
        var figures = new List<ReportFigure>
        {
            new("comparison.png", "Best value so far, by study",
                "Each study's best objective value after each trial (step lines) and its trials' values (faint dots).",
                ComparisonPlot.Create(snapshots)),
        };
        figures.AddRange(snapshots.Select((s, i) => new ReportFigure($"history_{i + 1:00}.png", $"Optimisation history: {s.Name}",
            "Each dot is a trial's objective value; the red step line is the best value found so far.", OptimizationHistoryPlot.Create(s))));
        var images = Render(figures, outDir, options, cancellation);
        return Save(outDir, "comparison.html", ComparisonPage.Build(snapshots, options, images), images);
    }

    /// <summary>Renders the figures added so far and writes them with the HTML page <c>report.html</c>.</summary>
    /// <param name="outDir">The folder to write to; created if missing.</param>
    /// <param name="cancellation">Checked before each image.</param>
    /// <returns>The files written.</returns>
    /// <exception cref="OperationCanceledException">Cancelled; some images may be written, the page is not.</exception>
    public ReportFiles Write(string outDir, CancellationToken cancellation = default)
    {
        var images = Render(_figures, outDir, Options, cancellation);
        var csvPath = Path.Combine(outDir, CsvFileName);
        File.WriteAllText(csvPath, TrialCsv.Write(Study.Trials));
        return Save(outDir, "report.html", StudyPage.Build(this, images, CsvFileName), images) with { CsvPath = csvPath };
    }

    /// <summary>The file beside the page holding every trial, which the page's table of the best trials links.</summary>
    public const string CsvFileName = "trials.csv";

    // A forest on 10 000 trials took most of a minute, and 1 000 evenly spread trials rank the parameters the same.
    private const int MaxImportanceTrials = 1000;

    private ImportanceResult EvaluateImportance()
    {
        var complete = Study.CompleteTrials;
        var used = Subsample.Evenly(complete, MaxImportanceTrials);
        var result = (Options.ImportanceEvaluator ?? new FanovaImportanceEvaluator()).Evaluate(used);
        return used.Count == complete.Count
            ? result
            : result with { Note = $"Fitted on {used.Count} of the {complete.Count} completed trials, evenly spread over the study." + (result.Note is null ? "" : " " + result.Note) };
    }

    internal void LeaveOut(string note) => _leftOut.Add(note);

    internal void AddFigure(ReportFigure figure)
    {
        var name = figure.FileName;
        for (var n = 2; _figures.Any(f => f.FileName == name); n++)
            name = $"{Path.GetFileNameWithoutExtension(figure.FileName)}_{n}.png";
        _figures.Add(figure with { FileName = name });
    }

    private static List<RenderedFigure> Render(IReadOnlyList<ReportFigure> figures, string outDir, ReportOptions options, CancellationToken cancellation)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outDir);
        Directory.CreateDirectory(outDir);
        return figures.Select(f =>
        {
            cancellation.ThrowIfCancellationRequested();
            var png = f.Plot.GetImageBytes(options.Width, options.Height, ImageFormat.Png);
            var path = Path.Combine(outDir, f.FileName);
            File.WriteAllBytes(path, png);
            return new RenderedFigure(f, path, png);
        }).ToList();
    }

    private static ReportFiles Save(string outDir, string htmlName, string html, IReadOnlyList<RenderedFigure> images)
    {
        var htmlPath = Path.Combine(outDir, htmlName);
        File.WriteAllText(htmlPath, html);
        return new ReportFiles(htmlPath, images.Select(i => i.Path).ToList());
    }
}
