namespace MetaOpt.Samplers.Qmc;

/// <summary>
/// Sobol's sequence in 32-bit digits, by default scrambled by a random linear matrix and a random digital shift
/// (Matoušek 1998): low-discrepancy points in [0, 1)^d, reproducible from a seed.
/// </summary>
/// <remarks>
/// <para>Dimension 0 is the van der Corput sequence; dimensions 1 to 31 take the primitive polynomials and initial
/// direction numbers of Joe and Kuo's table (new-joe-kuo-6.21201, "Constructing Sobol sequences with better
/// two-dimensional projections", SIAM J. Sci. Comput. 30, 2008), embedded below as data. Past that, the next primitive
/// polynomials are found by search and their initial direction numbers are fixed odd numbers from a stream of the
/// dimension, as Sobol allows: still a (t, s)-sequence, without Joe and Kuo's tuned two-dimensional projections.</para>
/// <para>The scramble multiplies each dimension's digit vector by a random lower-triangular binary matrix with a unit
/// diagonal and adds a random digit vector. A digit then depends only on digits at least as significant, so each run
/// of 2^k points starting at a multiple of 2^k still puts exactly one point in every interval [i/2^k, (i+1)/2^k) of
/// every dimension, while the design is randomised and no longer starts at the origin.</para>
/// </remarks>
internal sealed class ScrambledSobol : QmcSequence
{
    private const int Bits = 32;

    /// <summary>Joe and Kuo's rows for dimensions 2 to 32 of their numbering: degree s, coefficients a, initial direction numbers m.</summary>
    internal static readonly (int S, int A, int[] M)[] JoeKuo =
    [
        (1, 0, [1]),
        (2, 1, [1, 3]),
        (3, 1, [1, 3, 1]),
        (3, 2, [1, 1, 1]),
        (4, 1, [1, 1, 3, 3]),
        (4, 4, [1, 3, 5, 13]),
        (5, 2, [1, 1, 5, 5, 17]),
        (5, 4, [1, 1, 5, 5, 5]),
        (5, 7, [1, 1, 7, 11, 19]),
        (5, 11, [1, 1, 5, 1, 1]),
        (5, 13, [1, 1, 1, 3, 11]),
        (5, 14, [1, 3, 5, 5, 31]),
        (6, 1, [1, 3, 3, 9, 7, 49]),
        (6, 13, [1, 1, 1, 15, 21, 21]),
        (6, 16, [1, 3, 1, 13, 27, 49]),
        (6, 19, [1, 1, 1, 15, 7, 5]),
        (6, 22, [1, 3, 1, 15, 13, 25]),
        (6, 25, [1, 1, 5, 5, 19, 61]),
        (7, 1, [1, 3, 7, 11, 23, 15, 103]),
        (7, 4, [1, 3, 7, 13, 13, 15, 69]),
        (7, 7, [1, 1, 3, 13, 7, 35, 63]),
        (7, 8, [1, 3, 5, 9, 1, 25, 53]),
        (7, 14, [1, 3, 1, 13, 9, 35, 107]),
        (7, 19, [1, 3, 1, 5, 27, 61, 31]),
        (7, 21, [1, 1, 5, 11, 19, 41, 61]),
        (7, 28, [1, 3, 5, 3, 3, 13, 69]),
        (7, 31, [1, 1, 7, 13, 1, 19, 1]),
        (7, 32, [1, 3, 7, 5, 13, 19, 59]),
        (7, 37, [1, 1, 3, 9, 25, 29, 41]),
        (7, 41, [1, 3, 5, 13, 23, 1, 55]),
        (7, 42, [1, 3, 7, 3, 13, 59, 17]),
    ];

    private static readonly List<(int S, int A)> Polynomials = [];

    private readonly int _seed;
    private readonly bool _scramble;
    private readonly List<(uint[] Directions, uint Shift)> _dimensions = [];

    /// <summary>Creates the sequence.</summary>
    /// <param name="seed">Seed of the scramble.</param>
    /// <param name="scramble">False for the plain sequence, whose point 0 is the origin.</param>
    public ScrambledSobol(int seed, bool scramble = true)
    {
        _seed = seed;
        _scramble = scramble;
    }

    /// <summary>The points the sequence can address: indices are 32-bit.</summary>
    public const long MaxPoints = 1L << Bits;

    /// <inheritdoc/>
    public override double Coordinate(long index, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, MaxPoints);
        ArgumentOutOfRangeException.ThrowIfNegative(dimension);
        (uint[] Directions, uint Shift) dim;
        lock (_dimensions)
        {
            while (_dimensions.Count <= dimension)
                _dimensions.Add(CreateDimension(_dimensions.Count));
            dim = _dimensions[dimension];
        }
        var x = dim.Shift;
        for (var k = 0; index != 0; k++, index >>= 1)
            if ((index & 1) != 0)
                x ^= dim.Directions[k];
        return x / 4294967296.0;
    }

    /// <summary>The primitive polynomial (degree, middle coefficients) of dimension <paramref name="dimension"/> ≥ 1, in Joe and Kuo's order (by degree, then coefficients).</summary>
    internal static (int S, int A) Polynomial(int dimension)
    {
        lock (Polynomials)
        {
            var (s, a) = Polynomials.Count == 0 ? (1, -1) : Polynomials[^1];
            while (Polynomials.Count < dimension)
            {
                a++;
                if (a >= 1 << (s - 1))
                    (s, a) = (s + 1, 0);
                if (IsPrimitive(s, a))
                    Polynomials.Add((s, a));
            }
            return Polynomials[dimension - 1];
        }
    }

    /// <summary>Whether x^s + a_1 x^(s-1) + ... + a_(s-1) x + 1 over GF(2) is primitive: x has order 2^s − 1 modulo it.</summary>
    internal static bool IsPrimitive(int s, int a)
    {
        var polynomial = (1L << s) | ((long)a << 1) | 1;
        var period = (1L << s) - 1;
        long power = 1;
        for (long k = 1; k <= period; k++)
        {
            power <<= 1;
            if ((power & (1L << s)) != 0)
                power ^= polynomial;
            if (power == 1)
                return k == period;
        }
        return false;
    }

    private (uint[], uint) CreateDimension(int dimension)
    {
        var v = new uint[Bits];
        if (dimension == 0)
        {
            for (var k = 0; k < Bits; k++)
                v[k] = 1u << (Bits - 1 - k);
        }
        else
        {
            var (s, a) = Polynomial(dimension);
            int[] m;
            if (dimension <= JoeKuo.Length)
            {
                m = JoeKuo[dimension - 1].M;
            }
            else
            {
                // Any odd m_k < 2^k gives a Sobol sequence; these are fixed, not seeded, so the plain sequence is one sequence.
                var random = SamplerRandom.ForTrial(0, dimension, "sobol-directions");
                m = [.. Enumerable.Range(1, s).Select(k => 2 * random.Next(1 << (k - 1)) + 1)];
            }
            for (var k = 0; k < Math.Min(s, Bits); k++)
                v[k] = (uint)m[k] << (Bits - 1 - k);
            for (var k = s; k < Bits; k++)
            {
                v[k] = v[k - s] ^ (v[k - s] >> s);
                for (var i = 1; i < s; i++)
                    if (((a >> (s - 1 - i)) & 1) != 0)
                        v[k] ^= v[k - i];
            }
        }
        if (!_scramble)
            return (v, 0);
        var stream = SamplerRandom.ForTrial(_seed, dimension, "sobol-scramble");
        // Row i of the lower-triangular matrix gives output digit i (weight 2^-(i+1)) from input digits 0..i.
        var rows = new uint[Bits];
        for (var i = 0; i < Bits; i++)
        {
            var own = 1u << (Bits - 1 - i);
            var above = i == 0 ? 0u : ~((own << 1) - 1);
            rows[i] = own | ((uint)stream.NextInt64(0, 1L << 32) & above);
        }
        var scrambled = new uint[Bits];
        for (var k = 0; k < Bits; k++)
            for (var i = 0; i < Bits; i++)
                if ((uint.PopCount(rows[i] & v[k]) & 1) != 0)
                    scrambled[k] |= 1u << (Bits - 1 - i);
        return (scrambled, (uint)stream.NextInt64(0, 1L << 32));
    }
}
