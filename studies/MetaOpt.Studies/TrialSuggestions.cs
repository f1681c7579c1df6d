namespace MetaOpt.Studies;

/// <summary>Suggests the parameters of a declared search space through a trial.</summary>
public static class TrialSuggestions
{
    /// <summary>Suggests one parameter from its distribution, returning the value the objective sees.</summary>
    /// <exception cref="NotSupportedException">The distribution is of a kind the trial API cannot suggest.</exception>
    public static object Suggest(this Trial trial, string name, Distribution distribution) => distribution switch
    {
        FloatDistribution f => trial.SuggestFloat(name, f.Low, f.High, f.Step, f.Log),
        IntDistribution i => trial.SuggestInt(name, i.Low, i.High, i.Step, i.Log),
        CategoricalDistribution c => trial.SuggestCategorical(name, c.Choices),
        _ => throw new NotSupportedException($"Parameter '{name}' has a {distribution.GetType().Name}, which trials cannot suggest."),
    };

    /// <summary>Suggests every parameter of <paramref name="space"/>, in its order.</summary>
    public static IReadOnlyDictionary<string, object> SuggestAll(this Trial trial, IReadOnlyDictionary<string, Distribution> space) =>
        space.ToDictionary(kv => kv.Key, kv => trial.Suggest(kv.Key, kv.Value));
}
