using System.Globalization;

namespace MetaOpt;

public sealed partial record FrozenTrial
{
    /// <summary>
    /// Equal for trials with the same parameters (the same values in their internal representation): the repeats of
    /// one configuration, which samplers that judge configurations treat as observations of one point.
    /// </summary>
    internal string ConfigurationKey => string.Join('\u001f', Params.Keys.Order(StringComparer.Ordinal)
        .Select(name => name + "=" + InternalParam(name).ToString("R", CultureInfo.InvariantCulture)));
}
