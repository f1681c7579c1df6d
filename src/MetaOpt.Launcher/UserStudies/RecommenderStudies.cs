using System.Reflection;
using System.Runtime.Loader;
using MetaOpt.Launcher.Cli;
using MetaOpt.Studies;

namespace MetaOpt.Launcher.UserStudies;

/// <summary>
/// The built-in recommender studies (MetaOpt.Studies.Recommender, with the recommender, TorchSharp and LibTorch),
/// which the launcher does not carry so that the tool stays small: they are loaded, in their own
/// <see cref="StudyLoadContext"/> like a user's studies, from the folder <c>METAOPT_RECOMMENDER</c> names, else from
/// <c>recommender/</c> beside the launcher (which the build fills in a source checkout). Listing them loads managed
/// assemblies only; LibTorch is loaded by the first trial that trains.
/// </summary>
internal static class RecommenderStudies
{
    /// <summary>The environment variable naming the folder that holds the recommender studies.</summary>
    public const string Variable = "METAOPT_RECOMMENDER";

    /// <summary>The package (and assembly) of the recommender studies.</summary>
    public const string Package = "MetaOpt.Studies.Recommender";

    /// <summary>The folder beside the launcher where they are looked for by default.</summary>
    public const string DefaultFolder = "recommender";

    // `train` is compiled against these two; at run time their references resolve to the copies loaded here.
    private static readonly string[] Bridged = [Package, "MetaOpt.Recommender"];

    private static readonly Lazy<Assembly?> Loaded = new(Load);
    private static readonly Lazy<IReadOnlyList<IStudyDefinition>> Definitions = new(Discover);

    /// <summary>Where the recommender studies are looked for.</summary>
    public static string Folder => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } folder
        ? Path.GetFullPath(folder)
        : Path.Combine(AppContext.BaseDirectory, DefaultFolder);

    /// <summary>Whether the recommender studies are there.</summary>
    /// <exception cref="LauncherException">They are there but cannot be loaded.</exception>
    public static bool Installed => Loaded.Value is not null;

    /// <summary>Whether they are there and load; a command that needs them reports the reason when they do not.</summary>
    public static bool Usable
    {
        get
        {
            try
            {
                return Installed;
            }
            catch (LauncherException)
            {
                return false;
            }
        }
    }

    /// <summary>The recommender study definitions, sorted by name; none when they are not installed.</summary>
    /// <exception cref="LauncherException">They are there but cannot be loaded.</exception>
    public static IReadOnlyList<IStudyDefinition> All => Definitions.Value;

    /// <summary>Whether a definition is one of the recommender studies.</summary>
    public static bool Defines(IStudyDefinition definition) => Loaded.IsValueCreated && definition.GetType().Assembly == Loaded.Value;

    /// <summary>What to do when they are missing, for the end of a one-line message.</summary>
    public static string Missing =>
        $"the recommender studies (movielens-*, synthetic-*) are not installed: install the {Package} package into '{Folder}' or set {Variable} to its folder (docs/install.md)";

    private static Assembly? Load()
    {
        // A process that carries them itself (the tests, the benchmarks) uses its own copy.
        if (StudyLoadContext.IsLauncherAssembly(Package))
            return Assembly.Load(Package);
        var path = Path.Combine(Folder, Package + ".dll");
        if (!File.Exists(path))
            return null;
        try
        {
            var context = new StudyLoadContext(path);
            var assembly = context.LoadFromAssemblyPath(path);
            AssemblyLoadContext.Default.Resolving += (_, name) => Bridged.Contains(name.Name) ? context.LoadFromAssemblyName(name) : null;
            return assembly;
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException)
        {
            throw Broken(e);
        }
    }

    private static IReadOnlyList<IStudyDefinition> Discover()
    {
        if (Loaded.Value is not { } assembly)
            return [];
        try
        {
            return StudyCatalog.Discover(assembly);
        }
        catch (ReflectionTypeLoadException e)
        {
            throw Broken(e.LoaderExceptions.FirstOrDefault(x => x is not null) ?? e);
        }
        catch (FileNotFoundException e)
        {
            throw Broken(e);
        }
    }

    private static LauncherException Broken(Exception e) =>
        LauncherException.Failure($"cannot load the recommender studies from '{Folder}': {Format.Reason(e)}; reinstall the {Package} package there", e);
}
