namespace MetaOpt.Samplers.Qmc;

/// <summary>A Halton sequence, by default with random digit permutations: low-discrepancy points in [0, 1)^d, reproducible from a seed.</summary>
/// <remarks>
/// Coordinate j is the radical inverse of the index in the j-th prime base, with each digit position mapped through
/// its own random permutation of the base's digits. Scrambling breaks the strong correlations plain Halton shows
/// between higher dimensions and makes the points an unbiased randomised design. Dimensions are created on demand,
/// each from its own stream derived from the seed, so dimension j is the same whatever the caller asked before.
/// </remarks>
internal sealed class ScrambledHalton : QmcSequence
{
    private readonly int _seed;
    private readonly bool _scramble;
    private readonly List<(int Base, int[][] Permutations)> _dimensions = [];

    /// <summary>Creates the sequence.</summary>
    /// <param name="seed">Seed of the digit permutations.</param>
    /// <param name="scramble">False for the plain radical inverses (identity permutations).</param>
    public ScrambledHalton(int seed, bool scramble = true)
    {
        _seed = seed;
        _scramble = scramble;
    }

    /// <inheritdoc/>
    public override double Coordinate(long index, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfNegative(dimension);
        (int Base, int[][] Permutations) dim;
        lock (_dimensions)
        {
            while (_dimensions.Count <= dimension)
                _dimensions.Add(CreateDimension(_dimensions.Count));
            dim = _dimensions[dimension];
        }
        var (b, permutations) = dim;
        var value = 0.0;
        var scale = 1.0 / b;
        for (var digit = 0; digit < permutations.Length; digit++, scale /= b)
        {
            value += permutations[digit][index % b] * scale;
            index /= b;
        }
        return Math.Min(value, 1 - 1e-12);
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
            if (_scramble)
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
