using System.Globalization;
using MetaOpt.SearchSpace;

namespace MetaOpt.Samplers.Gp;

/// <summary>
/// Maps a relative search space onto the GP's input space: one coordinate per parameter, in name order.
/// </summary>
/// <remarks>
/// Numeric parameters go to [0, 1] over their model space (<see cref="SearchSpaceTransform"/>: log parameters in log
/// space, integer and stepped ranges padded by half a step so every grid value owns an equal share of the cube);
/// proposals are snapped back onto the grid. A categorical parameter keeps its choice index as its coordinate: the kernel compares it by equality
/// (Hamming distance), which needs one length scale per parameter instead of one per choice.
/// </remarks>
internal sealed class UnitCubeSpace
{
    private readonly double[] _low;
    private readonly double[] _high;

    public UnitCubeSpace(IReadOnlyDictionary<string, Distribution> space)
    {
        Names = space.Keys.Order(StringComparer.Ordinal).ToArray();
        Distributions = Names.Select(n => space[n]).ToArray();
        var d = Names.Count;
        _low = new double[d];
        _high = new double[d];
        ChoiceCounts = new int[d];
        IsCategorical = new bool[d];
        for (var j = 0; j < d; j++)
        {
            if (Distributions[j] is CategoricalDistribution c)
            {
                IsCategorical[j] = true;
                ChoiceCounts[j] = c.Choices.Count;
            }
            else
            {
                (_low[j], _high[j]) = SearchSpaceTransform.ModelBounds(Distributions[j]);
            }
        }
    }

    public IReadOnlyList<string> Names { get; }

    public IReadOnlyList<Distribution> Distributions { get; }

    public int Dimensions => Names.Count;

    /// <summary>Per coordinate: the number of choices of a categorical parameter, 0 for a numeric one.</summary>
    public int[] ChoiceCounts { get; }

    public bool[] IsCategorical { get; }

    /// <summary>A key that is equal for equal spaces, for caching models per space.</summary>
    public string Key => string.Join(";", Names.Zip(Distributions, (n, d) => n + "=" + d));

    /// <summary>A configuration's identity: its coordinates, rounded so snapped grid values compare equal.</summary>
    public static string PointKey(double[] point) => string.Join(",", point.Select(v => Math.Round(v, 9).ToString("R", CultureInfo.InvariantCulture)));

    /// <summary>The coordinate of a parameter a trial did not use (conditional spaces; see <see cref="BranchConditions"/>).</summary>
    public const double Inactive = 0.5;

    /// <summary>
    /// The coordinates of a trial of this study, a parameter it did not use at <see cref="Inactive"/>; null when it
    /// drew a parameter from another range, or lacks a categorical one (the branch it took would be unknown), or,
    /// with <paramref name="complete"/>, lacks any (a running trial may not have suggested it yet).
    /// </summary>
    public double[]? Encode(FrozenTrial trial, bool complete = false)
    {
        var x = new double[Dimensions];
        for (var j = 0; j < Dimensions; j++)
        {
            if (!trial.Distributions.TryGetValue(Names[j], out var d))
            {
                if (complete || IsCategorical[j])
                    return null;
                x[j] = Inactive;
                continue;
            }
            if (!d.Equals(Distributions[j]))
                return null;
            x[j] = ToUnit(j, trial.InternalParam(Names[j]));
        }
        return x;
    }

    /// <summary>
    /// The coordinates of parameter values as an objective saw them, possibly in another study with other ranges;
    /// null when a value is missing, not a choice of ours, or outside our range.
    /// </summary>
    public double[]? EncodeExternal(IReadOnlyDictionary<string, object> parameters)
    {
        var x = new double[Dimensions];
        for (var j = 0; j < Dimensions; j++)
        {
            if (!parameters.TryGetValue(Names[j], out var value))
                return null;
            if (Distributions[j] is CategoricalDistribution c)
            {
                var index = c.IndexOf(value);
                if (index < 0)
                    return null;
                x[j] = index;
                continue;
            }
            if (value is not IConvertible convertible || value is string or bool)
                return null;
            var v = convertible.ToDouble(CultureInfo.InvariantCulture);
            x[j] = ToUnit(j, v);
            if (!(x[j] >= 0 && x[j] <= 1))
                return null;
        }
        return x;
    }

    /// <summary>The coordinate of an internal value of parameter <paramref name="j"/>.</summary>
    public double ToUnit(int j, double internalValue)
    {
        if (IsCategorical[j])
            return internalValue;
        var v = SearchSpaceTransform.ToModel(Distributions[j], internalValue);
        return _high[j] > _low[j] ? (v - _low[j]) / (_high[j] - _low[j]) : 0.5;
    }

    /// <summary>The internal value (snapped onto the parameter's grid and into its bounds) at coordinate <paramref name="u"/>.</summary>
    public double FromUnit(int j, double u) =>
        IsCategorical[j]
            ? Math.Clamp(Math.Round(u), 0, ChoiceCounts[j] - 1)
            : SearchSpaceTransform.FromModel(Distributions[j], _low[j] + Math.Clamp(u, 0, 1) * (_high[j] - _low[j]));

    /// <summary>Maps a point of [0, 1)^d (from a quasi-random sequence) into the space: categorical coordinates become indices.</summary>
    public void FromCube(Span<double> point)
    {
        for (var j = 0; j < Dimensions; j++)
            if (IsCategorical[j])
                point[j] = Math.Min(Math.Floor(point[j] * ChoiceCounts[j]), ChoiceCounts[j] - 1);
    }

    /// <summary>Snaps a point onto the values the parameters can take, in coordinates.</summary>
    public double[] Snap(ReadOnlySpan<double> point)
    {
        var snapped = new double[Dimensions];
        for (var j = 0; j < Dimensions; j++)
            snapped[j] = ToUnit(j, FromUnit(j, point[j]));
        return snapped;
    }
}
