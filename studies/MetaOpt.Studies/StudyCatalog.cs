using System.Reflection;

namespace MetaOpt.Studies;

/// <summary>The studies defined in this assembly, found by reflection.</summary>
public static class StudyCatalog
{
    private static readonly Lazy<IReadOnlyList<IStudyDefinition>> Definitions = new(Discover);

    /// <summary>Every study definition, sorted by name.</summary>
    public static IReadOnlyList<IStudyDefinition> All => Definitions.Value;

    /// <summary>The study of that name, or null.</summary>
    public static IStudyDefinition? Find(string name) =>
        All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.Ordinal));

    private static IReadOnlyList<IStudyDefinition> Discover() => Discover(typeof(StudyCatalog).Assembly);

    /// <summary>The study definitions of an assembly, sorted by name (<see cref="Contributions"/>' studies).</summary>
    /// <exception cref="InvalidOperationException">Two definitions share a name.</exception>
    /// <exception cref="ReflectionTypeLoadException">A type of the assembly cannot be loaded (a missing dependency).</exception>
    public static IReadOnlyList<IStudyDefinition> Discover(Assembly assembly) => Contributions(assembly).Studies;

    /// <summary>
    /// What an assembly adds to the launcher: every non-abstract class implementing <see cref="IStudyDefinition"/>
    /// (sorted by name) or <see cref="IStudyCommand"/> with a public parameterless constructor, built once.
    /// </summary>
    /// <exception cref="InvalidOperationException">Two definitions share a name.</exception>
    /// <exception cref="ReflectionTypeLoadException">A type of the assembly cannot be loaded (a missing dependency).</exception>
    public static StudyContributions Contributions(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var instances = assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false }
                        && (typeof(IStudyDefinition).IsAssignableFrom(t) || typeof(IStudyCommand).IsAssignableFrom(t))
                        && t.GetConstructor(BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes) is not null)
            .Select(t => Activator.CreateInstance(t)!)
            .ToList();
        var definitions = instances.OfType<IStudyDefinition>().OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
        var repeated = definitions.GroupBy(d => d.Name).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
            throw new InvalidOperationException(
                $"Study name '{repeated.Key}' is used by {string.Join(" and ", repeated.Select(d => d.GetType().Name))}; names must be unique.");
        return new StudyContributions(definitions, [.. instances.OfType<IStudyCommand>().OrderBy(c => c.GetType().FullName, StringComparer.Ordinal)]);
    }
}

/// <summary>What one study assembly adds to the launcher (<see cref="StudyCatalog.Contributions"/>).</summary>
/// <param name="Studies">Its study definitions, sorted by name.</param>
/// <param name="Commands">Its commands, such as the recommender studies' <c>train</c>.</param>
public sealed record StudyContributions(IReadOnlyList<IStudyDefinition> Studies, IReadOnlyList<IStudyCommand> Commands);
