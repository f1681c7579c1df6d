namespace MetaOpt.FaultInjection.Tests;

/// <summary>Checks the report folder a killed or interrupted run leaves: whole or not there at all.</summary>
internal static class ReportFolder
{
    /// <summary>Why the folder is neither absent nor a complete report, or null when it is one of the two.</summary>
    public static string? Problem(string directory)
    {
        if (!Directory.Exists(directory))
            return null;
        var html = Path.Combine(directory, "report.html");
        if (!File.Exists(html))
            return $"'{directory}' holds {Directory.GetFiles(directory).Length} files but no report.html";
        return File.ReadAllText(html).TrimEnd().EndsWith("</html>", StringComparison.OrdinalIgnoreCase)
            ? null
            : $"'{html}' is cut off";
    }
}
