namespace MetaOpt.FaultInjection.Tests;

/// <summary>Reads a stored study through the launcher's own JSON export, as a user would.</summary>
internal static class Exporter
{
    /// <summary>The trials of a study that must be stored.</summary>
    public static IReadOnlyList<ExportedTrial> Trials(string directory, string study, string storage)
    {
        var export = LauncherChild.Run(directory, ["export", study, "--storage", storage, "--format", "json"]);
        Assert.True(export.ExitCode == 0, $"export of '{study}' failed: {export}");
        return ExportedTrial.Parse(export.Output);
    }

    /// <summary>The trials of a study a run may have been killed before storing: none when it is not stored yet.</summary>
    public static IReadOnlyList<ExportedTrial> TrialsIfStored(string directory, string study, string storage)
    {
        if (!File.Exists(Path.Combine(directory, storage)))
            return [];
        var export = LauncherChild.Run(directory, ["export", study, "--storage", storage, "--format", "json"]);
        // Exit 2 with one line: the storage has no such study yet (a usage error, not damage).
        if (export.ExitCode == 2 && export.ErrorLines.Length == 1)
            return [];
        Assert.True(export.ExitCode == 0, $"export of '{study}' failed: {export}");
        return ExportedTrial.Parse(export.Output);
    }
}
