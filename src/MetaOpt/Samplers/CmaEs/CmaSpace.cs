using MetaOpt.Samplers.Gp;
using MetaOpt.SearchSpace;

namespace MetaOpt.Samplers.CmaEs;

/// <summary>
/// The numeric parameters CMA-ES searches, as coordinates of [0, 1]^n in name order: each parameter's model space
/// (log scale for log parameters, integer and step grids padded by half a step) scaled onto [0, 1].
/// </summary>
/// <remarks>
/// A linear map onto the cube, rather than a bounds-aware transformation (Hansen's periodic or quadratic boundary
/// handling), keeps the Gaussian unchanged inside the bounds: out-of-bounds candidates are drawn again and, rarely,
/// clipped, as the cmaes library Optuna uses does. One scale for every coordinate is what lets a single initial step
/// size (1/6: the cube within three standard deviations) suit every parameter.
/// </remarks>
internal sealed class CmaSpace
{
    private readonly UnitCubeSpace _cube;

    public CmaSpace(IReadOnlyDictionary<string, Distribution> space, bool withMargin)
    {
        _cube = new UnitCubeSpace(space);
        WithMargin = withMargin;
        IsDiscrete = _cube.Distributions.Select(d => d is IntDistribution or FloatDistribution { Step: not null }).ToArray();
    }

    public IReadOnlyList<string> Names => _cube.Names;

    public int Dimensions => _cube.Dimensions;

    public bool WithMargin { get; }

    public bool[] IsDiscrete { get; }

    /// <summary>Equal for equal spaces: the parameters and their distributions.</summary>
    public string Key => _cube.Key;

    public UnitCubeSpace Cube => _cube;

    /// <summary>The internal value of coordinate <paramref name="u"/> of parameter <paramref name="j"/>.</summary>
    public double FromUnit(int j, double u) => _cube.FromUnit(j, u);

    /// <summary>
    /// For a discrete parameter, the coordinates where the grid cell holding <paramref name="u"/> ends below and above
    /// (null where the cell is the first or the last); null for a continuous parameter.
    /// </summary>
    public (double? Low, double? High)? Cell(int j, double u)
    {
        if (!IsDiscrete[j])
            return null;
        var distribution = _cube.Distributions[j];
        var value = _cube.FromUnit(j, u);
        var (low, high) = SearchSpaceTransform.Cell(distribution, value)!.Value;
        var (min, max) = SearchSpaceTransform.ModelBounds(distribution);
        double ToUnit(double model) => (model - min) / (max - min);
        var (first, last) = distribution switch
        {
            IntDistribution i => (i.Low + i.Step / 2.0 >= value, value + i.Step / 2.0 >= i.High),
            FloatDistribution { Step: { } s } f => (value - s / 2 <= f.Low, value + s / 2 >= f.High),
            _ => (true, true),
        };
        return (first ? null : ToUnit(low), last ? null : ToUnit(high));
    }
}
