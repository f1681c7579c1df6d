namespace MetaOpt;

/// <summary>Shorthands over <see cref="IStorage"/> that every storage gets alike.</summary>
public static class StorageExtensions
{
    /// <summary><see cref="IStorage.FinishTrial"/> for a single-objective trial: its one value, or null for none.</summary>
    public static FrozenTrial? FinishTrial(this IStorage storage, long trialId, TrialState state, double? value, string? failReason)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return storage.FinishTrial(trialId, state, value is { } v ? [v] : null, failReason);
    }
}
