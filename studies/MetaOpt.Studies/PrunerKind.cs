namespace MetaOpt.Studies;

/// <summary>The pruners a study can name as its default; <see cref="PrunerRegistry"/> names and builds them.</summary>
public enum PrunerKind
{
    /// <summary>Never prune.</summary>
    None,

    /// <summary>Stop a trial whose value is worse than the median of earlier trials at the same step.</summary>
    Median,

    /// <summary>Asynchronous successive halving.</summary>
    Asha,

    /// <summary>Several successive-halving brackets with different budgets.</summary>
    Hyperband,
}
