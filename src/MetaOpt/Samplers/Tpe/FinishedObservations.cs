using System.Runtime.CompilerServices;

namespace MetaOpt.Samplers.Tpe;

/// <summary>
/// The observations and rank keys of one study's finished trials, kept between asks: a finished trial never changes,
/// so each ask converts only the trials finished since the last one instead of the whole history.
/// </summary>
/// <remarks>
/// Entries are found by trial id and used only while the trial read still matches the one they were made from
/// (number, state, value and times), so a study deleted and created again, or trials copied in, are converted afresh;
/// entries of trials no longer read (deleted) are dropped once they make up a fair share of the cache.
/// </remarks>
internal sealed class FinishedObservations
{
    private readonly object _gate = new();
    private Dictionary<long, (FrozenTrial Trial, TpeObservation Observation, RankKey Key)> _entries = new();

    /// <summary>The caches of the studies a sampler serves, each kept as long as its study lives.</summary>
    public sealed class PerStudy
    {
        private readonly ConditionalWeakTable<Study, FinishedObservations> _studies = new();

        /// <summary>The cache of <paramref name="study"/>, created on first use.</summary>
        public FinishedObservations For(Study study) => _studies.GetValue(study, _ => new FinishedObservations());
    }

    /// <summary>The observation and rank key of each of <paramref name="finished"/> (Complete or Pruned trials), in the same order.</summary>
    public (TpeObservation[] Observations, RankKey[] Keys) Of(IReadOnlyList<FrozenTrial> finished)
    {
        var observations = new TpeObservation[finished.Count];
        var keys = new RankKey[finished.Count];
        lock (_gate)
        {
            for (var i = 0; i < finished.Count; i++)
            {
                var trial = finished[i];
                if (!_entries.TryGetValue(trial.Id, out var entry) || !SameTrial(entry.Trial, trial))
                    _entries[trial.Id] = entry = (trial, TpeObservation.From(trial), RankKey.Of(trial));
                observations[i] = entry.Observation;
                keys[i] = entry.Key;
            }
            if (_entries.Count > 2 * finished.Count + 64)
                _entries = finished.ToDictionary(t => t.Id, t => _entries[t.Id]);
        }
        return (observations, keys);
    }

    private static bool SameTrial(FrozenTrial cached, FrozenTrial read) =>
        ReferenceEquals(cached, read)
        || (cached.Number == read.Number && cached.State == read.State && Nullable.Equals(cached.Value, read.Value)
            && cached.DatetimeStart == read.DatetimeStart && cached.DatetimeComplete == read.DatetimeComplete);
}
