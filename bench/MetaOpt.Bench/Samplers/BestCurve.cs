namespace MetaOpt.Bench.Samplers;

/// <summary>Questions asked of a best-value-so-far curve (one value per trial, lower is better).</summary>
internal static class BestCurve
{
    /// <summary>
    /// The trial (1-based) whose best so far first reaches <paramref name="bar"/>, or the curve's length + 1 when none
    /// does: the measure of the transfer target ("reaches the cold study's median best in at most a third of the trials").
    /// </summary>
    public static int TrialsToReach(double[] best, double bar) =>
        Array.FindIndex(best, b => b <= bar) is var i and >= 0 ? i + 1 : best.Length + 1;
}
