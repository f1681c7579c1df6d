namespace MetaOpt.Recommender;

/// <summary>The command-line and JSON names of the <see cref="MetaAlgorithm"/>s: maml, fomaml, reptile, metasgd, transfer.</summary>
public static class MetaAlgorithmNames
{
    private static readonly IReadOnlyDictionary<string, MetaAlgorithm> ByName = new Dictionary<string, MetaAlgorithm>(StringComparer.OrdinalIgnoreCase)
    {
        ["maml"] = MetaAlgorithm.Maml,
        ["fomaml"] = MetaAlgorithm.FoMaml,
        ["reptile"] = MetaAlgorithm.Reptile,
        ["metasgd"] = MetaAlgorithm.MetaSgd,
        ["transfer"] = MetaAlgorithm.Transfer,
    };

    /// <summary>Every name, in declaration order.</summary>
    public static IReadOnlyList<string> All { get; } = ByName.Keys.ToArray();

    /// <summary>The algorithm called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the allowed ones.</exception>
    public static MetaAlgorithm Parse(string name) =>
        ByName.TryGetValue(name?.Trim() ?? "", out var algo)
            ? algo
            : throw new ArgumentException($"Algorithm '{name}' is unknown; use one of {string.Join(", ", All)}.", nameof(name));

    /// <summary>The lower-case name of <paramref name="algo"/>.</summary>
    public static string Name(MetaAlgorithm algo) =>
        ByName.First(p => p.Value == algo).Key;
}
