using System.Text.Json;
using MetaOpt.Launcher.Cli;

namespace MetaOpt.Launcher.UserStudies;

/// <summary>
/// Where the user's studies are when <c>--studies</c> is not given: the <c>METAOPT_STUDIES</c> environment variable,
/// else <c>"studies"</c> in a <c>metaopt.json</c> beside the storage file, else in the current folder. A path in
/// metaopt.json is relative to that file. A metaopt.json may also list study packages under <c>"packages"</c>
/// (<see cref="Packages"/>), as the source checkout's does for the recommender studies.
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
                return Read(settings).Studies is { } path ? Path.GetFullPath(path, folder) : null;
        }
        return null;
    }

    /// <summary>
    /// The study packages (.csproj or .dll, as full paths) that <c>"packages"</c> lists in the current folder's
    /// metaopt.json: read before the command line is parsed, since their commands join it.
    /// </summary>
    public static IReadOnlyList<string> Packages()
    {
        var folder = Directory.GetCurrentDirectory();
        var settings = Path.Combine(folder, SettingsFile);
        return File.Exists(settings) ? [.. Read(settings).Packages.Select(p => Path.GetFullPath(p, folder))] : [];
    }

    private static (string? Studies, IReadOnlyList<string> Packages) Read(string settings)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(settings));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return (null, []);
            var studies = !document.RootElement.TryGetProperty("studies", out var given) ? null
                : IsPath(given) ? given.GetString()
                : throw LauncherException.Usage($"'{settings}': \"studies\" must be the path of a .csproj or .dll");
            IReadOnlyList<string> packages = !document.RootElement.TryGetProperty("packages", out var listed) ? []
                : listed.ValueKind == JsonValueKind.Array && listed.EnumerateArray().All(IsPath) ? listed.EnumerateArray().Select(p => p.GetString()!).ToList()
                : throw LauncherException.Usage($"'{settings}': \"packages\" must be a list of paths of .csproj or .dll files");
            return (studies, packages);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw LauncherException.Usage($"cannot read '{settings}': {Format.Reason(e)}");
        }
    }

    private static bool IsPath(JsonElement element) => element.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(element.GetString());
}
