namespace MetaOpt.Studies;

/// <summary>
/// The samplers by name: the one table the launcher, the benchmarks and the studies' defaults build samplers from.
/// </summary>
public static class SamplerRegistry
{
    /// <summary>Every sampler's name; <c>tpegroup</c>, the launcher's old name, is an alias of <c>tpe-group</c>.</summary>
    public static NamedKinds<SamplerKind> Names { get; } = new("sampler",
    [
        (SamplerKind.Tpe, "tpe"),
        (SamplerKind.Random, "random"),
        (SamplerKind.Grid, "grid"),
        (SamplerKind.Gp, "gp"),
        (SamplerKind.TpeGroup, "tpe-group"),
        (SamplerKind.TpeMultivariate, "tpe-multivariate"),
        (SamplerKind.Qmc, "qmc"),
        (SamplerKind.CmaEs, "cmaes"),
        (SamplerKind.RandomForest, "rf"),
        (SamplerKind.ParticleSwarm, "pso"),
        (SamplerKind.NelderMead, "nelder-mead"),
        (SamplerKind.Auto, "auto"),
        (SamplerKind.NsgaII, "nsga2"),
    ], new Dictionary<string, string> { ["tpegroup"] = "tpe-group" });

    /// <summary>A new sampler of that kind.</summary>
    /// <param name="kind">The sampler.</param>
    /// <param name="seed">The seed of its random stream.</param>
    /// <param name="space">The search space a grid is built from (<see cref="SearchSpaceGrid"/>); the others ignore it.</param>
    /// <exception cref="ArgumentException">A grid is asked for without a search space.</exception>
    public static ISampler Create(SamplerKind kind, int seed, IReadOnlyDictionary<string, Distribution>? space = null) => kind switch
    {
        SamplerKind.Tpe => new TpeSampler(seed),
        SamplerKind.Random => new RandomSampler(seed),
        SamplerKind.Grid => new GridSampler(SearchSpaceGrid.Create(space ?? throw new ArgumentException("the grid sampler needs a search space to build its grid from", nameof(space))), seed),
        SamplerKind.Gp => new GpSampler(seed),
        SamplerKind.TpeGroup => new TpeSampler(new TpeSamplerOptions { Seed = seed, Multivariate = true, Group = true }),
        SamplerKind.TpeMultivariate => new TpeSampler(new TpeSamplerOptions { Seed = seed, Multivariate = true }),
        SamplerKind.Qmc => new QmcSampler(new QmcSamplerOptions { Seed = seed }),
        SamplerKind.CmaEs => new CmaEsSampler(new CmaEsSamplerOptions { Seed = seed }),
        SamplerKind.RandomForest => new RandomForestSampler(new RandomForestSamplerOptions { Seed = seed }),
        SamplerKind.ParticleSwarm => new ParticleSwarmSampler(new ParticleSwarmSamplerOptions { Seed = seed }),
        SamplerKind.NelderMead => new NelderMeadSampler(new NelderMeadSamplerOptions { Seed = seed }),
        SamplerKind.NsgaII => new NsgaIISampler(new NsgaIISamplerOptions { Seed = seed }),
        SamplerKind.Auto => new AutoSampler(seed),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no such sampler"),
    };

    /// <summary>A new sampler of that name or alias.</summary>
    /// <exception cref="ArgumentException">No sampler has that name (one line listing the names).</exception>
    public static ISampler Create(string name, int seed, IReadOnlyDictionary<string, Distribution>? space = null) =>
        Create(Names.Parse(name), seed, space);
}
