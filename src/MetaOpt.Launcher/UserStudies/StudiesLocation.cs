using System.Text.Json;
using MetaOpt.Launcher.Cli;

namespace MetaOpt.Launcher.UserStudies;

/// <summary>
/// Where the user's studies are when <c>--studies</c> is not given: the <c>METAOPT_STUDIES</c> environment variable,
/// else <c>"studies"</c> in a <c>metaopt.json</c> beside the storage file, else in the current folder. A path in
/// metaopt.json is relative to that file.
/// </summary>
internal static class StudiesLocation
{
    public const string Variable = "METAOPT_STUDIES";
    public const string SettingsFile = "metaopt.json";

    /// <summary>The studies path to load, or null for the built-in studies only.</summary>
    /// <param name="given">The value of <c>--studies</c>, if given.</param>
    /// <param name="storagePath">The command's storage file, whose folder may hold a metaopt.json.</param>
    public static string? Resolve(string? given, string? storagePath)
    {
        if (!string.IsNullOrWhiteSpace(given))
            return given;
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } variable)
            return variable;
        var folders = new[] { storagePath is null ? null : StorageLocation.Folder(storagePath), Directory.GetCurrentDirectory() };
        foreach (var folder in folders.OfType<string>().Distinct())
        {
            var settings = Path.Combine(folder, SettingsFile);
            if (File.Exists(settings))
                return Read(settings) is { } path ? Path.GetFullPath(path, folder) : null;
        }
        return null;
    }

    private static string? Read(string settings)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(settings));
            return document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("studies", out var studies) ? null
                : studies.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(studies.GetString()) ? studies.GetString()
                : throw LauncherException.Usage($"'{settings}': \"studies\" must be the path of a .csproj or .dll");
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw LauncherException.Usage($"cannot read '{settings}': {Format.Reason(e)}");
        }
    }
}
