using MetaOpt.Samplers.Gp;

namespace MetaOpt.Samplers.Qmc;

/// <summary>A quasi-random sequence in [0, 1)^d, addressed by point index and dimension, so any point can be read without the ones before it.</summary>
/// <remarks>Reading by index is what lets a trial take point <c>trial.Number</c> whichever worker asks and whatever came before.</remarks>
internal abstract class QmcSequence
{
    /// <summary>Coordinate <paramref name="dimension"/> of point <paramref name="index"/>, in [0, 1).</summary>
    public abstract double Coordinate(long index, int dimension);

    /// <summary>Point <paramref name="index"/> in the first <c>point.Length</c> dimensions.</summary>
    public void Point(long index, Span<double> point)
    {
        for (var j = 0; j < point.Length; j++)
            point[j] = Coordinate(index, j);
    }

    /// <summary>
    /// A parameter's value from the design: point <c>trial.Number</c>, in the dimension of the parameter's position
    /// among the trial's parameters (so the same objective gives each parameter the same dimension in every trial),
    /// mapped onto the distribution as the GP's unit cube maps it (log scale, integer and step grids each value an
    /// equal share, a categorical's choices equal shares).
    /// </summary>
    public double Sample(FrozenTrial trial, Distribution distribution)
    {
        var single = new UnitCubeSpace(new Dictionary<string, Distribution> { [""] = distribution });
        Span<double> u = [Coordinate(trial.Number, trial.Params.Count)];
        single.FromCube(u);
        return single.FromUnit(0, u[0]);
    }

    /// <summary>A new sequence of that kind.</summary>
    public static QmcSequence Create(QmcKind kind, int seed, bool scramble = true) => kind switch
    {
        QmcKind.Sobol => new ScrambledSobol(seed, scramble),
        QmcKind.Halton => new ScrambledHalton(seed, scramble),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no such quasi-random sequence"),
    };
}
