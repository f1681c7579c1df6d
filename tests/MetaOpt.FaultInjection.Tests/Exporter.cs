namespace MetaOpt.FaultInjection.Tests;

/// <summary>Reads a stored study through the launcher's own JSON export, as a user would.</summary>
internal static class Exporter
{
    public static IReadOnlyList<ExportedTrial> Trials(string directory, string study, string storage)
    {
        var export = LauncherChild.Run(directory, ["export", study, "--storage", storage, "--format", "json"]);
        Assert.True(export.ExitCode == 0, $"export of '{study}' failed: {export}");
        return ExportedTrial.Parse(export.Output);
    }
}
