namespace MetaOpt;

/// <summary>
/// Earlier studies a new study learns from (<see cref="StudyOptions.WarmStartFrom"/>): by name, from the study's own
/// storage or any other, or automatically (<see cref="Auto"/>).
/// </summary>
/// <remarks>
/// Samplers that support transfer read the earlier studies' finished trials: <see cref="GpSampler"/> puts them in its
/// surrogate model, <see cref="CmaEsSampler"/> starts from their best trials' distribution; other samplers ignore the option. Earlier studies are read once, when first needed.
/// </remarks>
/// <example><code>
/// var options = new StudyOptions { Sampler = new GpSampler(seed: 1), Storage = storage, WarmStartFrom = WarmStart.From("ml-100k-v1") };
/// </code></example>
public sealed class WarmStart
{
    private readonly IReadOnlyList<(IStorage? Storage, string Name)> _sources;

    private WarmStart(bool isAuto, IReadOnlyList<(IStorage?, string)> sources, int nearest = DefaultNearest, double maxDistance = DefaultMaxDistance)
    {
        IsAuto = isAuto;
        _sources = sources;
        Nearest = nearest;
        MaxDistance = maxDistance;
    }

    private const int DefaultNearest = 5;
    private const double DefaultMaxDistance = 2.0;

    /// <summary>
    /// Other studies in the same storage, created before this one, with at least three finished trials over all the
    /// parameters the sampler models; when this study stores <see cref="MetaFeatures"/>, the <see cref="Nearest"/>
    /// of them by <see cref="MetaFeatures.DistanceTo"/>, none farther than <see cref="MaxDistance"/> (studies without
    /// meta-features come after every study with them). The surrogate then decides, study by study, how much each
    /// is worth from how well it ranks the new study's trials.
    /// </summary>
    public static WarmStart Auto { get; } = new(true, []);

    /// <summary><see cref="Auto"/> with another number of studies and another largest distance.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="nearest"/> is below 1, or <paramref name="maxDistance"/> is not positive.</exception>
    public static WarmStart AutoNearest(int nearest, double maxDistance = DefaultMaxDistance)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nearest, 1);
        if (!(maxDistance > 0))
            throw new ArgumentOutOfRangeException(nameof(maxDistance), maxDistance, "The largest distance must be positive.");
        return new(true, [], nearest, maxDistance);
    }

    /// <summary>With <see cref="IsAuto"/>: how many earlier studies are taken at most, when the study has meta-features.</summary>
    public int Nearest { get; }

    /// <summary>With <see cref="IsAuto"/>: the largest meta-feature distance of an earlier study taken.</summary>
    public double MaxDistance { get; }

    /// <summary>Whether studies are picked automatically.</summary>
    public bool IsAuto { get; }

    /// <summary>The studies named explicitly.</summary>
    public IReadOnlyList<string> StudyNames => _sources.Select(s => s.Name).ToList();

    /// <summary>Studies of the new study's own storage, by name.</summary>
    /// <exception cref="ArgumentException">No name, or a blank one.</exception>
    public static WarmStart From(params string[] studyNames) => new(false, Check(studyNames).Select(n => ((IStorage?)null, n)).ToList());

    /// <summary>Studies of another storage (for example another LiteDB file), by name.</summary>
    /// <exception cref="ArgumentException">No name, or a blank one.</exception>
    public static WarmStart From(IStorage storage, params string[] studyNames)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return new(false, Check(studyNames).Select(n => ((IStorage?)storage, n)).ToList());
    }

    /// <summary>These sources and <paramref name="other"/>'s together.</summary>
    public WarmStart And(WarmStart other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var auto = IsAuto ? this : other;
        return new(IsAuto || other.IsAuto, [.. _sources, .. other._sources], auto.Nearest, auto.MaxDistance);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        string.Join(", ", (IsAuto ? new[] { "auto" } : []).Concat(_sources.Select(s => s.Name)));

    /// <summary>Fails early, naming the study and what exists, when an explicitly named study is not in its storage.</summary>
    internal void Validate(IStorage targetStorage, string targetName)
    {
        foreach (var (storage, name) in _sources)
        {
            var where = storage ?? targetStorage;
            if (where == targetStorage && name == targetName)
                throw new ArgumentException($"Study '{targetName}' cannot warm-start from itself.", nameof(StudyOptions.WarmStartFrom));
            if (where.FindStudy(name) is null)
                throw new KeyNotFoundException(
                    $"Warm start: no study named '{name}' in its storage. Studies there: " +
                    string.Join(", ", where.GetAllStudies().Select(s => $"'{s.Name}'").DefaultIfEmpty("none")) + ".");
        }
    }

    /// <summary>
    /// The earlier studies' finished trials that have a value. With <see cref="Auto"/>, only studies whose trials use
    /// every name in <paramref name="parameterNames"/> (at least three such trials) are taken.
    /// </summary>
    internal IReadOnlyList<SourceStudy> Resolve(Study target, IReadOnlyCollection<string> parameterNames)
    {
        var result = new List<SourceStudy>();
        foreach (var (storage, name) in _sources)
        {
            var where = storage ?? target.Storage;
            if (where.FindStudy(name) is { } info)
                result.Add(ReadSource(where, info));
        }
        if (IsAuto && parameterNames.Count > 0)
        {
            var targetInfo = target.Storage.FindStudy(target.Name);
            var created = targetInfo?.Created ?? DateTime.MaxValue;
            var candidates = new List<SourceStudy>();
            foreach (var info in target.Storage.GetAllStudies())
            {
                if (info.Name == target.Name || info.Created > created || result.Any(r => r.Storage == target.Storage && r.Name == info.Name))
                    continue;
                var source = ReadSource(target.Storage, info);
                if (source.Trials.Count(t => parameterNames.All(t.Params.ContainsKey)) >= 3)
                    candidates.Add(source);
            }
            result.AddRange(Nearer(candidates, targetInfo is null ? null : MetaFeaturesOrNone(targetInfo)));
        }
        return result;
    }

    /// <summary>
    /// Of <paramref name="candidates"/>, those <see cref="Auto"/> takes for a study with <paramref name="target"/>
    /// meta-features: nearest first, at most <see cref="Nearest"/>, none beyond <see cref="MaxDistance"/>; every
    /// candidate, in order, when the study has none.
    /// </summary>
    internal IEnumerable<SourceStudy> Nearer(IReadOnlyList<SourceStudy> candidates, MetaFeatures? target)
    {
        if (target is null)
            return candidates;
        return candidates
            .Select(c => c with { Distance = c.Features?.DistanceTo(target) })
            .Where(c => c.Distance is null || c.Distance <= MaxDistance)
            // Unknown distances after every known one; ties keep the storage's order.
            .OrderBy(c => c.Distance ?? double.PositiveInfinity)
            .Take(Nearest);
    }

    /// <summary>An earlier study's finished trials with a finite value, and its meta-features.</summary>
    internal static SourceStudy ReadSource(IStorage storage, StudyInfo info) =>
        new(storage, info.Name, info.Direction,
            storage.GetAllTrials(info.Name, [TrialState.Complete, TrialState.Pruned]).Where(t => t.Value is { } v && double.IsFinite(v)).ToList(),
            MetaFeaturesOrNone(info));

    // A study whose stored meta-features are damaged is compared as one that has none, rather than failing the warm start.
    private static MetaFeatures? MetaFeaturesOrNone(StudyInfo info)
    {
        try
        {
            return MetaFeatures.Read(info.UserAttrs);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static string[] Check(string[] names)
    {
        if (names is null || names.Length == 0)
            throw new ArgumentException("Name at least one study to warm-start from.", nameof(names));
        foreach (var n in names)
            if (string.IsNullOrWhiteSpace(n))
                throw new ArgumentException("A warm-start study name must not be empty or blank.", nameof(names));
        return names;
    }
}
