namespace MetaOpt.Storages.Postgres.Rows;

/// <summary>
/// The finished trials of each study that one storage instance has read: they never change, so a read of all trials
/// (what samplers do on every ask) fetches only the others. Per study it keeps the longest run of finished trials from
/// number 0 (read past with <c>number &gt;= from</c>) and the finished ones beyond it (left out with <c>number &lt;&gt; ALL(known)</c>),
/// so a read returns the rows of the trials not yet seen finished and nothing else.
/// </summary>
internal sealed class FinishedTrialCache
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Entry> _studies = new(StringComparer.Ordinal);

    /// <summary>
    /// What the next read of a study can skip: trials below <c>From</c>, and those numbered in <c>Known</c> (ascending),
    /// as cached in <c>Cache</c>, which <see cref="Merge"/> is given back.
    /// </summary>
    public (int From, int[] Known, object? Cache) Window(string studyName)
    {
        lock (_gate)
        {
            if (!_studies.TryGetValue(studyName, out var entry))
                return (0, [], null);
            var known = entry.Beyond.Keys.ToArray();
            Array.Sort(known);
            return (entry.Prefix.Count, known, entry);
        }
    }

    /// <summary>
    /// The study's trials in number order: the cached ones below <paramref name="from"/> and numbered in
    /// <paramref name="known"/>, and <paramref name="rows"/> (the others, in number order); null when the read relied on
    /// a cache of another study of the same name (deleted and created again meanwhile), which is then forgotten, or on
    /// a cache that another read replaced meanwhile: the caller reads again.
    /// </summary>
    public List<FrozenTrial>? Merge(string studyName, long studyId, int from, int[] known, object? cache, IReadOnlyList<FrozenTrial> rows)
    {
        lock (_gate)
        {
            if (!_studies.TryGetValue(studyName, out var entry) || entry.StudyId != studyId)
                _studies[studyName] = entry = new Entry(studyId);
            // The rows left out what that cache held: only it can fill them in.
            if ((from > 0 || known.Length > 0) && !ReferenceEquals(entry, cache))
                return null;
            var trials = entry.Prefix.GetRange(0, from);
            trials.Capacity = from + known.Length + rows.Count;
            var next = 0;
            foreach (var number in known)
            {
                while (next < rows.Count && rows[next].Number < number)
                    trials.Add(rows[next++]);
                trials.Add(number < entry.Prefix.Count ? entry.Prefix[number] : entry.Beyond[number]);
            }
            while (next < rows.Count)
                trials.Add(rows[next++]);
            foreach (var trial in rows)
            {
                if (trial.State.IsFinished() && trial.Number >= entry.Prefix.Count)
                    entry.Beyond[trial.Number] = trial;
            }
            while (entry.Beyond.Remove(entry.Prefix.Count, out var finished))
                entry.Prefix.Add(finished);
            return trials;
        }
    }

    private sealed class Entry(long studyId)
    {
        public long StudyId { get; } = studyId;
        public List<FrozenTrial> Prefix { get; } = [];
        public Dictionary<int, FrozenTrial> Beyond { get; } = [];
    }
}
