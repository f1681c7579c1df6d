namespace MetaOpt.Bench.Samplers;

/// <summary>The samplers the benchmark can run, by the names the peer uses; add a sampler with one line here.</summary>
internal static class SamplerFactory
{
    private static readonly Dictionary<string, Func<int, ISampler>> Factories = new()
    {
        ["random"] = seed => new RandomSampler(seed),
        ["tpe"] = seed => new TpeSampler(seed),
        ["tpe-multivariate"] = seed => new TpeSampler(seed, multivariate: true),
        ["tpe-group"] = seed => new TpeSampler(seed, multivariate: true, group: true),
        ["gp"] = seed => new GpSampler(seed),
    };

    /// <summary>The known names.</summary>
    public static IEnumerable<string> Names => Factories.Keys;

    /// <summary>A new sampler of that name with that seed.</summary>
    /// <exception cref="ArgumentException">No sampler has that name.</exception>
    public static ISampler Create(string name, int seed) =>
        Factories.TryGetValue(name, out var create) ? create(seed)
        : throw new ArgumentException($"Unknown sampler '{name}'; known: {string.Join(", ", Names)}.");
}
