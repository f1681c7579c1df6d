using MetaOpt.Launcher.Cli;

namespace MetaOpt.Launcher.Commands.Report;

/// <summary>Writes a study's convergence report, and optionally a comparison with other studies, and says where.</summary>
internal static class ReportWriter
{
    /// <summary>The report folder used when none is given: <c>reports/&lt;study&gt;</c> beside the storage file.</summary>
    public static string DefaultDirectory(string storagePath, string studyName) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(storagePath))!, "reports", studyName);

    public static void Write(Study study, IReadOnlyList<Study> compareWith, string directory, TextWriter output)
    {
        try
        {
            var report = StudyReport.Write(study, directory);
            output.WriteLine($"Report of '{study.Name}': {report.HtmlPath} ({report.ImagePaths.Count} plots beside it)");
            if (compareWith.Count == 0)
                return;
            var comparison = StudyReport.WriteComparison([study, .. compareWith], directory);
            output.WriteLine($"Comparison with {string.Join(", ", compareWith.Select(s => s.Name))}: {comparison.HtmlPath}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw LauncherException.Failure($"cannot write the report to '{directory}': {Format.FirstLine(e.Message)} Pass --out DIR with a writable folder.", e);
        }
    }
}
