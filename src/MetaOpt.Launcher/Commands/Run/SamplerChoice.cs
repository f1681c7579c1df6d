using MetaOpt.Studies;

namespace MetaOpt.Launcher.Commands.Run;

/// <summary>The samplers the launcher can build, by their command-line names.</summary>
internal static class SamplerChoice
{
    public static IReadOnlyList<string> Names { get; } = Enum.GetValues<SamplerKind>().Select(Name).ToArray();

    public static string Name(SamplerKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>Builds the named sampler for a study definition, as the study wraps it.</summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <param name="definition">The study, whose search space a grid is built from.</param>
    /// <param name="seed">The seed of the sampler's random stream.</param>
    public static ISampler Create(string name, IStudyDefinition definition, int seed) =>
        definition.WrapSampler(Create(name, definition.SearchSpace, seed));

    /// <summary>Builds the named sampler for a search space (a grid is built from it).</summary>
    public static ISampler Create(string name, IReadOnlyDictionary<string, Distribution> space, int seed) =>
        Enum.Parse<SamplerKind>(name, ignoreCase: true) switch
        {
            SamplerKind.Tpe => new TpeSampler(seed),
            SamplerKind.Random => new RandomSampler(seed),
            SamplerKind.Gp => new GpSampler(seed),
            SamplerKind.TpeGroup => new TpeSampler(seed, multivariate: true, group: true),
            SamplerKind.Grid => new GridSampler(SearchSpaceGrid.Create(space), seed),
            var kind => throw new ArgumentOutOfRangeException(nameof(name), kind, "no such sampler"),
        };
}
