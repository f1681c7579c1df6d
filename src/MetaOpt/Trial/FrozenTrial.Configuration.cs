using System.Globalization;

namespace MetaOpt;

public sealed partial record FrozenTrial
{
    /// <summary>
    /// The number of the trial that first evaluated this trial's configuration: <see cref="Study.RepeatOfAttr"/> for a
    /// repeat (<see cref="Study.EnqueueRepeat"/>) or a retry, else the trial's own number.
    /// </summary>
    public int Configuration => SystemAttrs.TryGetValue(Study.RepeatOfAttr, out var first) ? Convert.ToInt32(first, CultureInfo.InvariantCulture) : Number;

    /// <summary>Which evaluation of its configuration the trial is: 0 for the first, k for its k-th repeat (<see cref="Study.RepeatAttr"/>).</summary>
    public int Repeat => SystemAttrs.TryGetValue(Study.RepeatAttr, out var k) ? Convert.ToInt32(k, CultureInfo.InvariantCulture) : 0;

    /// <summary>
    /// The configuration whose seed list the trial's seed comes from (<see cref="Study.SeedsOfAttr"/>): the shared
    /// list of an intensifying study or of a confirmation's repeat, else null (the trial's own configuration's).
    /// </summary>
    internal int? SeedsOf => SystemAttrs.TryGetValue(Study.SeedsOfAttr, out var list) ? Convert.ToInt32(list, CultureInfo.InvariantCulture) : null;

    /// <summary>Whether the trial was enqueued by <see cref="Study.EnqueueRepeat"/>, so takes a repeat index of its own (a retry keeps the index of what it re-runs).</summary>
    internal bool IsRepeat => SystemAttrs.ContainsKey(Study.RepeatOfAttr) && !SystemAttrs.ContainsKey(Study.RetryOfAttr);

    /// <summary>
    /// Equal for trials with the same parameters (the same values in their internal representation): the repeats of
    /// one configuration, which samplers that judge configurations treat as observations of one point.
    /// </summary>
    internal string ConfigurationKey => string.Join('\u001f', Params.Keys.Order(StringComparer.Ordinal)
        .Select(name => name + "=" + InternalParam(name).ToString("R", CultureInfo.InvariantCulture)));
}
