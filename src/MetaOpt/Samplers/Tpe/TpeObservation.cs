namespace MetaOpt.Samplers.Tpe;

/// <summary>A past or running trial as the TPE sampler uses it: its number and its parameters in internal representation.</summary>
/// <param name="Number">The trial's number, which orders observations from oldest to newest for the weights.</param>
/// <param name="Values">Internal parameter values by name.</param>
/// <param name="Distributions">The distribution of each parameter, when known (a running trial's shared joint sample has none).</param>
internal sealed record TpeObservation(
    int Number,
    IReadOnlyDictionary<string, double> Values,
    IReadOnlyDictionary<string, Distribution> Distributions)
{
    /// <summary>The trial's stored parameters.</summary>
    public static TpeObservation From(FrozenTrial trial) =>
        new(trial.Number, trial.Params.Keys.ToDictionary(name => name, trial.InternalParam), trial.Distributions);

    /// <summary>
    /// The value of parameter <paramref name="name"/> if the trial has one that <paramref name="distribution"/> can
    /// produce: numeric values carry over between ranges that contain them; categorical ones need the same choices.
    /// </summary>
    public bool TryGet(string name, Distribution distribution, out double value)
    {
        if (!Values.TryGetValue(name, out value))
            return false;
        if (!Distributions.TryGetValue(name, out var own))
            return distribution.Contains(value);
        return distribution is CategoricalDistribution
            ? own.Equals(distribution)
            : own is not CategoricalDistribution && distribution.Contains(value);
    }
}
