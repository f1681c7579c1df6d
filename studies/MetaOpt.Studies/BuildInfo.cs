using System.Reflection;

namespace MetaOpt.Studies;

/// <summary>The package version and git commit this build was made from, recorded with every trial.</summary>
public static class BuildInfo
{
    private static readonly Assembly Assembly = typeof(BuildInfo).Assembly;

    /// <summary>The package version, such as <c>0.1.0</c>.</summary>
    public static string Version { get; } =
        Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "unknown";

    /// <summary>The full git commit hash of the build, or <c>unknown</c> when it was built outside a git checkout.</summary>
    public static string Commit { get; } =
        Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "GitCommit" && !string.IsNullOrWhiteSpace(a.Value))?.Value ?? "unknown";
}
