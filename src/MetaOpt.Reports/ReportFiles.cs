namespace MetaOpt;

/// <summary>The files a report wrote.</summary>
/// <param name="HtmlPath">The self-contained HTML page (every image embedded).</param>
/// <param name="ImagePaths">The PNG images, in the order the page shows them.</param>
public sealed record ReportFiles(string HtmlPath, IReadOnlyList<string> ImagePaths)
{
    /// <summary>Every trial as CSV (<see cref="TrialCsv"/>), which the page links; null for a comparison.</summary>
    public string? CsvPath { get; init; }
}
