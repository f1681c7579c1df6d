using System.Reflection;
using MetaOpt.Launcher.Cli;
using MetaOpt.Studies;

namespace MetaOpt.Launcher.UserStudies;

/// <summary>
/// The installed study packages, such as the recommender studies (TorchSharp, LibTorch), which the launcher does not
/// carry so that the tool stays small: each is a study assembly with its dependencies, loaded in its own
/// <see cref="StudyLoadContext"/> like a user's studies; its studies join the built-in ones and its commands
/// (<see cref="IStudyCommand"/>) the launcher's. They are the subfolders of the folder <c>METAOPT_PACKAGES</c> names,
/// else of <c>packages/</c> beside the launcher, each <c>NAME/</c> holding the study assembly <c>NAME.dll</c> with
/// its dependencies (and its <c>NAME.deps.json</c>, where they come from NuGet, LibTorch's native files); and the
/// projects or assemblies the current folder's metaopt.json lists under <c>"packages"</c> (a source checkout's).
/// Listing them loads managed assemblies only; LibTorch is loaded by the first trial that trains.
/// </summary>
internal static class StudyPackages
{
    /// <summary>The environment variable naming the folder that holds the packages.</summary>
    public const string Variable = "METAOPT_PACKAGES";

    /// <summary>The folder beside the launcher where they are looked for by default.</summary>
    public const string DefaultFolder = "packages";

    private static readonly object Lock = new();
    private static IReadOnlyList<StudyPackage>? _loaded;
    private static LauncherException? _broken;

    /// <summary>Where the installed packages are looked for.</summary>
    public static string Folder => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } folder
        ? Path.GetFullPath(folder)
        : Path.Combine(AppContext.BaseDirectory, DefaultFolder);

    /// <summary>What to do when the recommender studies, the package most asked for, are missing: for the end of a one-line message.</summary>
    public static string Missing =>
        $"the recommender studies (movielens-*, synthetic-*) are not installed: install the MetaOpt.Studies.Recommender package into a folder of '{Folder}' or set {Variable} to the folder holding it (docs/install.md)";

    /// <summary>
    /// Every package, loaded on the first call (which builds a listed project when its sources changed, saying so
    /// on <paramref name="log"/>).
    /// </summary>
    /// <exception cref="LauncherException">A package cannot be found or loaded, or two take the same study name.</exception>
    public static IReadOnlyList<StudyPackage> All(TextWriter log)
    {
        lock (Lock)
        {
            if (_loaded is null && _broken is null)
            {
                try
                {
                    _loaded = Load(log);
                }
                catch (LauncherException e)
                {
                    _broken = e;
                }
            }
            return _loaded ?? throw _broken!;
        }
    }

    /// <summary>Whether a definition comes from an installed package.</summary>
    public static bool Defines(IStudyDefinition definition)
    {
        lock (Lock)
            return _loaded?.Any(p => p.Assembly == definition.GetType().Assembly) == true;
    }

    private static List<StudyPackage> Load(TextWriter log)
    {
        var packages = new List<StudyPackage>();
        foreach (var path in Installed().Concat(StudiesLocation.Packages()))
        {
            var assemblyPath = StudySet.AssemblyPath(path, log);
            // A process that carries the package itself (the tests) uses its own copy.
            var name = Path.GetFileNameWithoutExtension(assemblyPath);
            var package = StudySet.Discover(assemblyPath, path, StudyLoadContext.IsLauncherAssembly(name) ? Assembly.Load(name) : null);
            foreach (var study in package.Contributions.Studies)
            {
                var owner = StudyCatalog.Find(study.Name) is not null ? "the launcher"
                    : packages.FirstOrDefault(p => p.Contributions.Studies.Any(s => s.Name == study.Name)) is { } other ? $"'{other.Source}'"
                    : null;
                if (owner is not null)
                    throw LauncherException.Failure($"study '{Format.Name(study.Name)}' of '{path}' is also defined by {owner}: remove one of the packages");
            }
            packages.Add(package);
        }
        return packages;
    }

    private static IEnumerable<string> Installed()
    {
        var folder = Folder;
        if (!Directory.Exists(folder))
            return [];
        return Directory.GetDirectories(folder).Order(StringComparer.Ordinal).Select(directory =>
        {
            var assembly = Path.Combine(directory, Path.GetFileName(directory) + ".dll");
            return File.Exists(assembly) ? assembly
                : throw LauncherException.Failure($"'{directory}' is not a study package: it must hold {Path.GetFileName(assembly)}, its study assembly, with that assembly's dependencies; remove it or install the package there (docs/install.md)");
        });
    }
}

/// <summary>One loaded study assembly and what it adds to the launcher.</summary>
/// <param name="Source">The path it was given as (a package folder's assembly, a .csproj or a .dll).</param>
internal sealed record StudyPackage(string Source, Assembly Assembly, StudyContributions Contributions);
