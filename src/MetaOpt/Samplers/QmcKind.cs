namespace MetaOpt;

/// <summary>A quasi-random (low-discrepancy) sequence: the <see cref="QmcSampler"/>'s points, or the start-up design of TPE and GP.</summary>
public enum QmcKind
{
    /// <summary>Sobol's sequence (Joe and Kuo's direction numbers), scrambled by a random linear matrix and digital shift: every 2^k points in a row fill each elementary interval of a dimension once.</summary>
    Sobol,

    /// <summary>Halton's sequence (radical inverses in the prime bases), scrambled by random digit permutations; no power-of-two structure.</summary>
    Halton,
}
