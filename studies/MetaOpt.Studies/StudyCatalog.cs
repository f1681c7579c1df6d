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

    /// <summary>
    /// The study definitions of an assembly, sorted by name: every non-abstract class implementing
    /// <see cref="IStudyDefinition"/> with a public parameterless constructor, built once.
    /// </summary>
    /// <exception cref="InvalidOperationException">Two definitions share a name.</exception>
    /// <exception cref="ReflectionTypeLoadException">A type of the assembly cannot be loaded (a missing dependency).</exception>
    public static IReadOnlyList<IStudyDefinition> Discover(Assembly assembly)
    {
        var definitions = assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IStudyDefinition).IsAssignableFrom(t)
                        && t.GetConstructor(BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes) is not null)
            .Select(t => (IStudyDefinition)Activator.CreateInstance(t)!)
            .OrderBy(d => d.Name, StringComparer.Ordinal)
            .ToList();
        var repeated = definitions.GroupBy(d => d.Name).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
            throw new InvalidOperationException(
                $"Study name '{repeated.Key}' is used by {string.Join(" and ", repeated.Select(d => d.GetType().Name))}; names must be unique.");
        return definitions;
    }
}
