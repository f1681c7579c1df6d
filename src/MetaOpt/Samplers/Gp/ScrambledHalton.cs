namespace MetaOpt.Samplers.Gp;

/// <summary>A Halton sequence with random digit permutations: low-discrepancy points in [0, 1)^d, reproducible from a seed.</summary>
/// <remarks>
/// Coordinate j is the radical inverse of the index in the j-th prime base, with each digit position mapped through
/// its own random permutation of the base's digits. Scrambling breaks the strong correlations plain Halton shows
/// between higher dimensions and makes the points an unbiased randomised design. Dimensions are created on demand,
/// each from its own stream derived from the seed, so dimension j is the same whatever the caller asked before.
/// </remarks>
internal sealed class ScrambledHalton
{
    private readonly int _seed;
    private readonly List<(int Base, int[][] Permutations)> _dimensions = [];

    public ScrambledHalton(int seed) => _seed = seed;

    /// <summary>Coordinate <paramref name="dimension"/> of point <paramref name="index"/>.</summary>
    public double Coordinate(long index, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        lock (_dimensions)
        {
            while (_dimensions.Count <= dimension)
                _dimensions.Add(CreateDimension(_dimensions.Count));
        }
        var (b, permutations) = _dimensions[dimension];
        var value = 0.0;
        var scale = 1.0 / b;
        for (var digit = 0; digit < permutations.Length; digit++, scale /= b)
        {
            value += permutations[digit][index % b] * scale;
            index /= b;
        }
        return Math.Min(value, 1 - 1e-12);
    }

    /// <summary>Point <paramref name="index"/> in the first <c>point.Length</c> dimensions.</summary>
    public void Point(long index, Span<double> point)
    {
        for (var j = 0; j < point.Length; j++)
            point[j] = Coordinate(index, j);
    }

    private (int, int[][]) CreateDimension(int dimension)
    {
        var b = NthPrime(dimension);
        var random = new Random(unchecked(_seed * 7919 + dimension * 104729 + 17));
        // Enough digits to reach double precision in this base.
        var digits = (int)Math.Ceiling(53 * Math.Log(2) / Math.Log(b));
        var permutations = new int[digits][];
        for (var i = 0; i < digits; i++)
        {
            var p = Enumerable.Range(0, b).ToArray();
            random.Shuffle(p);
            permutations[i] = p;
        }
        return (b, permutations);
    }

    private static int NthPrime(int n)
    {
        var count = -1;
        for (var candidate = 2; ; candidate++)
        {
            var isPrime = true;
            for (var f = 2; f * f <= candidate; f++)
                if (candidate % f == 0) { isPrime = false; break; }
            if (isPrime && ++count == n)
                return candidate;
        }
    }
}
