using MetaOpt.Launcher.Cli;

namespace MetaOpt.Launcher.Commands.Report;

/// <summary>Writes a study's convergence report, and optionally a comparison with other studies, and says where.</summary>
internal static class ReportWriter
{
    /// <summary>The report folder used when none is given: <c>reports/&lt;study&gt;</c> beside the storage file (in the current folder for a database).</summary>
    /// <exception cref="LauncherException">The study's name cannot be a folder name inside <c>reports/</c>.</exception>
    public static string DefaultDirectory(string storagePath, string studyName)
    {
        var reports = Path.Combine(StorageLocation.Folder(storagePath), "reports");
        var directory = Path.GetFullPath(Path.Combine(reports, studyName));
        // A name stored by an older version may hold '..' or separators: it must not steer the report elsewhere.
        if (studyName is "." or ".." || Path.GetDirectoryName(directory) != reports || Path.GetFileName(directory) != studyName)
            throw LauncherException.Usage(
                $"study name '{Format.Name(studyName)}' cannot be used as a folder inside '{reports}': pass --out DIR");
        return directory;
    }

    /// <summary>Writes the report into <paramref name="directory"/> as a whole, replacing an earlier one only once complete.</summary>
    /// <param name="study">The study to report.</param>
    /// <param name="compareWith">Studies to compare it with in <c>comparison.html</c>; none for no comparison.</param>
    /// <param name="directory">The report folder.</param>
    /// <param name="output">Where to say what was written.</param>
    /// <param name="interruption">Stops the writing; the earlier report is then kept.</param>
    /// <param name="whatNow">What the interrupted message tells the user to do.</param>
    public static void Write(Study study, IReadOnlyList<Study> compareWith, string directory, TextWriter output, Interruption interruption, string whatNow)
    {
        var kept = Directory.Exists(directory) ? $"the earlier report in '{directory}' is kept" : "no report was written";
        var plots = 0;
        try
        {
            ReportFolder.Replace(directory, folder =>
            {
                plots = StudyReport.Write(study, folder, cancellation: interruption.Token).ImagePaths.Count;
                if (compareWith.Count > 0)
                    StudyReport.WriteComparison([study, .. compareWith], folder, cancellation: interruption.Token);
            }, interruption.Token);
        }
        catch (OperationCanceledException) when (interruption.Requested)
        {
            throw interruption.Stopped($"{kept}; {whatNow}");
        }
        catch (InvalidDataException e)
        {
            throw LauncherException.Failure($"cannot report study '{Format.Name(study.Name)}': {e.Message}; {kept}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw LauncherException.Failure(
                $"cannot write the report to '{directory}': {Format.Reason(e)} Pass --out DIR with a writable folder.", e);
        }
        output.WriteLine($"Report of '{Format.Name(study.Name)}': {Path.Combine(directory, "report.html")} ({plots} plots beside it)");
        if (compareWith.Count > 0)
            output.WriteLine($"Comparison with {Format.Names(compareWith.Select(s => s.Name))}: {Path.Combine(directory, "comparison.html")}");
    }
}
