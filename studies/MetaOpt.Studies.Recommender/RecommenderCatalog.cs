namespace MetaOpt.Studies.Recommender;

/// <summary>
/// The recommender studies of this assembly, found by reflection as <see cref="StudyCatalog"/> finds the function
/// studies: for programs that reference this assembly (the benchmarks); the launcher loads it on its own.
/// </summary>
public static class RecommenderCatalog
{
    private static readonly Lazy<IReadOnlyList<IStudyDefinition>> Definitions = new(() => StudyCatalog.Discover(typeof(RecommenderCatalog).Assembly));

    /// <summary>Every recommender study, sorted by name.</summary>
    public static IReadOnlyList<IStudyDefinition> All => Definitions.Value;

    /// <summary>The recommender study of that name, or null.</summary>
    public static IStudyDefinition? Find(string name) =>
        All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.Ordinal));
}
