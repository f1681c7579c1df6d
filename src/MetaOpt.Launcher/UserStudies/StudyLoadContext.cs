using System.Reflection;
using System.Runtime.Loader;

namespace MetaOpt.Launcher.UserStudies;

/// <summary>
/// Loads a user's study assembly with its own dependencies, while every assembly the launcher carries (MetaOpt,
/// MetaOpt.Studies, the framework...) comes from the launcher: <see cref="MetaOpt.Studies.IStudyDefinition"/> must be
/// one type on both sides for the launcher to use the user's studies. Not collectible: a study runs until the process ends.
/// </summary>
internal sealed class StudyLoadContext : AssemblyLoadContext
{
    private static readonly Lazy<HashSet<string>> LauncherAssemblies = new(() =>
        ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(Path.GetFileNameWithoutExtension)
        .OfType<string>()
        .ToHashSet(StringComparer.OrdinalIgnoreCase));

    private readonly AssemblyDependencyResolver _resolver;
    private readonly string _directory;

    public StudyLoadContext(string assemblyPath) : base($"studies:{Path.GetFileName(assemblyPath)}", isCollectible: false)
    {
        _resolver = new AssemblyDependencyResolver(assemblyPath);
        _directory = Path.GetDirectoryName(assemblyPath)!;
    }

    /// <summary>Whether the launcher itself carries the assembly of that simple name, so every study shares its copy.</summary>
    public static bool IsLauncherAssembly(string name) => LauncherAssemblies.Value.Contains(name);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is null || IsLauncherAssembly(assemblyName.Name))
            return null;
        // A dll copied without its .deps.json still finds the dependencies lying beside it.
        var path = _resolver.ResolveAssemblyToPath(assemblyName) ?? Path.Combine(_directory, assemblyName.Name + ".dll");
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;
}
