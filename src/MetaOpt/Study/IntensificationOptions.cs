namespace MetaOpt;

/// <summary>
/// Intensification during the run (SMAC's rule, <see cref="StudyOptions.Intensification"/>): a new configuration that
/// beats the incumbent on the seeds they share is re-run on the incumbent's seeds before it replaces it, one whose
/// mean on them is not better is rejected, and the incumbent gains a seed each time a challenger is rejected.
/// </summary>
public sealed record IntensificationOptions
{
    /// <summary>
    /// The most runs (seeds) the incumbent is given, and so the most a challenger needs to replace it: SMAC's
    /// <c>max_config_calls</c>, 3 by default. At least 2, else there is nothing to intensify.
    /// </summary>
    public int MaxRuns
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 2);
            field = value;
        }
    } = 3;
}
