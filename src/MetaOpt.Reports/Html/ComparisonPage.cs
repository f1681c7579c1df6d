using System.Globalization;
using MetaOpt.Reports.Summary;

namespace MetaOpt.Reports.Html;

/// <summary>The HTML page comparing several studies: a table of their outcomes, then the shared and per-study plots.</summary>
internal static class ComparisonPage
{
    public static string Build(IReadOnlyList<StudySnapshot> studies, ReportOptions options, IReadOnlyList<RenderedFigure> images)
    {
        var page = new HtmlPage($"MetaOpt comparison: {string.Join(", ", studies.Select(s => s.Name))}")
            .Heading(1, "Study comparison")
            .Paragraph($"{studies.Count} studies · generated {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC", "subtitle");
        if (studies.Select(s => s.Direction).Distinct().Count() > 1)
            page.Paragraph("These studies do not share a direction (some minimise, some maximise): compare their curves with care.", "notice");

        page.Table("Outcome of each study",
            ["Study", "Direction", "Trials", "Complete", "Pruned", "Failed", "Best value", "Best trial", "Wall time", "Epochs saved by pruning"],
            studies.Select(s => Row(StudySummary.Of(s, options))));
        foreach (var image in images)
            page.Figure(image.Figure.Title, image.Figure.Caption, image.Png);
        return page.Render();
    }

    private static IReadOnlyList<string> Row(StudySummary summary) =>
    [
        summary.Study.Name,
        summary.Study.Direction.ToString(),
        summary.Study.Trials.Count.ToString(CultureInfo.InvariantCulture),
        summary.CountsByState[TrialState.Complete].ToString(CultureInfo.InvariantCulture),
        summary.CountsByState[TrialState.Pruned].ToString(CultureInfo.InvariantCulture),
        summary.CountsByState[TrialState.Failed].ToString(CultureInfo.InvariantCulture),
        ReportFormat.Value(summary.Best?.Value),
        summary.Best is { } best ? $"#{best.Number}" : "none",
        ReportFormat.Duration(summary.WallTime),
        ReportFormat.Percent(summary.EpochsSavedFraction),
    ];
}
