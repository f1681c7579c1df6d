namespace MetaOpt.Storages.Postgres.Rows;

/// <summary>
/// The finished trials of each study that one storage instance has read: they never change, so a read of all trials
/// (what samplers do on every ask) fetches only the others. Per study it keeps the longest run of finished trials from
/// number 0 (read past with <c>number &gt;= from</c>) and the finished ones beyond it (read without their bodies).
/// </summary>
internal sealed class FinishedTrialCache
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Entry> _studies = new(StringComparer.Ordinal);

    /// <summary>What the next read of a study can skip: trials below <c>From</c>, and the bodies of <c>Known</c>.</summary>
    public (int From, int[] Known) Window(string studyName)
    {
        lock (_gate)
            return _studies.TryGetValue(studyName, out var entry) ? (entry.Prefix.Count, entry.Beyond.Keys.ToArray()) : (0, []);
    }

    /// <summary>
    /// The study's trials in number order, from the cached ones below <paramref name="from"/> and the rows read
    /// (a null trial is a known finished one); null when the read relied on a cache of another study of the same name
    /// (deleted and created again meanwhile), which is then forgotten.
    /// </summary>
    public List<FrozenTrial>? Merge(string studyName, long studyId, int from, IReadOnlyList<(int Number, FrozenTrial? Trial)> rows)
    {
        lock (_gate)
        {
            if (!_studies.TryGetValue(studyName, out var entry) || entry.StudyId != studyId)
                _studies[studyName] = entry = new Entry(studyId);
            if (from > entry.Prefix.Count || rows.Any(r => r.Trial is null && r.Number >= entry.Prefix.Count && !entry.Beyond.ContainsKey(r.Number)))
                return null;
            var trials = entry.Prefix.GetRange(0, from);
            foreach (var (number, read) in rows)
            {
                var trial = read ?? (number < entry.Prefix.Count ? entry.Prefix[number] : entry.Beyond[number]);
                trials.Add(trial);
                if (trial.State.IsFinished() && number >= entry.Prefix.Count)
                    entry.Beyond[number] = trial;
            }
            while (entry.Beyond.Remove(entry.Prefix.Count, out var next))
                entry.Prefix.Add(next);
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
