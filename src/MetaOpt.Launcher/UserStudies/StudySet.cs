using System.Reflection;
using MetaOpt.Launcher.Cli;
using MetaOpt.Studies;

namespace MetaOpt.Launcher.UserStudies;

/// <summary>
/// The studies a command can run: the built-in ones (the function studies and those of the installed packages,
/// <see cref="StudyPackages"/>) and, when given, those of the user's project or assembly.
/// </summary>
internal sealed class StudySet
{
    private StudySet(IReadOnlyList<IStudyDefinition> all, string? source)
    {
        All = all;
        Source = source;
    }

    /// <summary>Every study, built-in ones first, each group sorted by name.</summary>
    public IReadOnlyList<IStudyDefinition> All { get; }

    /// <summary>The user's .csproj or .dll the extra studies came from, or null.</summary>
    public string? Source { get; }

    /// <summary>Whether a definition is the user's rather than built in or from an installed package.</summary>
    public static bool IsUsers(IStudyDefinition definition) =>
        definition.GetType().Assembly != typeof(StudyCatalog).Assembly && !StudyPackages.Defines(definition);

    /// <summary>The study of that name, or a usage error listing the known ones.</summary>
    public IStudyDefinition Find(string name) =>
        Named(All, name)
        ?? throw LauncherException.Usage($"unknown study '{Format.Name(name)}': {Suggestions.DidYouMean(name, All.Select(d => d.Name))}known studies are {string.Join(", ", All.Select(d => d.Name))}"
                                         + (Source is null ? $" (your own: --studies PROJECT.csproj or {StudiesLocation.Variable})" : "")
                                         + (StudyPackages.All(TextWriter.Null).Count > 0 ? "" : "; " + StudyPackages.Missing));

    /// <summary>
    /// Whether a study of the user's may not take that name: a built-in study has it ('new study' refuses it, and
    /// loading a user's studies refuses one that took it).
    /// </summary>
    public static bool IsBuiltInName(string name) => Named(BuiltIn(TextWriter.Null), name) is not null;

    /// <summary>
    /// The built-in studies (the function studies, and those of the installed packages), plus those of
    /// <paramref name="path"/> (a .csproj, built when needed, or a .dll).
    /// </summary>
    /// <exception cref="LauncherException">The file is missing or of another kind, the build fails, it holds no study, or a name is taken.</exception>
    public static StudySet Load(string? path, TextWriter log)
    {
        var builtIn = BuiltIn(log);
        if (path is null)
            return new StudySet(builtIn, null);
        var users = Discover(AssemblyPath(path, log), path, carried: null).Contributions.Studies;
        if (users.Count == 0)
            throw LauncherException.Usage($"'{path}' defines no study: add a public class implementing MetaOpt.Studies.IStudyDefinition with a parameterless constructor");
        if (users.FirstOrDefault(d => Named(builtIn, d.Name) is not null) is { } clash)
            throw LauncherException.Usage($"study '{Format.Name(clash.Name)}' of '{path}' has the name of a built-in study: rename {clash.GetType().Name}'s Name");
        return new StudySet([.. builtIn, .. users], path);
    }

    private static IStudyDefinition? Named(IEnumerable<IStudyDefinition> studies, string name) =>
        studies.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.Ordinal));

    private static IReadOnlyList<IStudyDefinition> BuiltIn(TextWriter log) =>
        [.. StudyCatalog.All.Concat(StudyPackages.All(log).SelectMany(p => p.Contributions.Studies)).OrderBy(d => d.Name, StringComparer.Ordinal)];

    /// <summary>The assembly of a study project (built when needed) or of a .dll.</summary>
    /// <exception cref="LauncherException">The file is missing or of another kind, or the build fails.</exception>
    internal static string AssemblyPath(string path, TextWriter log) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        _ when !File.Exists(path) => throw LauncherException.Usage($"studies file '{path}' does not exist: pass --studies with a .csproj or a built .dll"),
        ".csproj" => StudyProject.Build(path, log),
        ".dll" => Path.GetFullPath(path),
        _ => throw LauncherException.Usage($"studies file '{path}' is neither a .csproj nor a .dll"),
    };

    /// <summary>
    /// Loads a study assembly in its own <see cref="StudyLoadContext"/>, or takes <paramref name="carried"/>, the
    /// process's own copy, and finds its studies and commands; <paramref name="path"/> is what the user named.
    /// </summary>
    internal static StudyPackage Discover(string assemblyPath, string path, Assembly? carried)
    {
        try
        {
            var assembly = carried ?? new StudyLoadContext(assemblyPath).LoadFromAssemblyPath(assemblyPath);
            return new StudyPackage(path, assembly, StudyCatalog.Contributions(assembly));
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException)
        {
            throw LauncherException.Usage($"cannot load '{path}' as a .NET assembly: {Format.Reason(e)}");
        }
        catch (ReflectionTypeLoadException e)
        {
            var first = e.LoaderExceptions.FirstOrDefault(x => x is not null);
            throw LauncherException.Failure($"cannot load the studies of '{path}': {(first is null ? Format.Reason(e) : Format.Reason(first))} (is it built against this MetaOpt version?)", e);
        }
        catch (InvalidOperationException e)
        {
            throw LauncherException.Usage($"'{path}': {Format.Reason(e)}");
        }
        catch (TargetInvocationException e) when (e.InnerException is { } inner)
        {
            throw LauncherException.Failure($"a study constructor of '{path}' failed: {inner.GetType().Name}: {Format.Reason(inner)}", inner);
        }
    }
}
