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

    private WarmStart(bool isAuto, IReadOnlyList<(IStorage?, string)> sources)
    {
        IsAuto = isAuto;
        _sources = sources;
    }

    /// <summary>
    /// Every other study in the same storage that was created before this one and has finished trials over all the
    /// parameters the GP models: the surrogate then decides, study by study, how much each is worth.
    /// </summary>
    public static WarmStart Auto { get; } = new(true, []);

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
    public WarmStart And(WarmStart other) => new(IsAuto || other.IsAuto, [.. _sources, .. other._sources]);

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
                result.Add(Read(where, info));
        }
        if (IsAuto && parameterNames.Count > 0)
        {
            var created = target.Storage.FindStudy(target.Name)?.Created ?? DateTime.MaxValue;
            foreach (var info in target.Storage.GetAllStudies())
            {
                if (info.Name == target.Name || info.Created > created || result.Any(r => r.Storage == target.Storage && r.Name == info.Name))
                    continue;
                var source = Read(target.Storage, info);
                if (source.Trials.Count(t => parameterNames.All(t.Params.ContainsKey)) >= 3)
                    result.Add(source);
            }
        }
        return result;
    }

    private static SourceStudy Read(IStorage storage, StudyInfo info) =>
        new(storage, info.Name, info.Direction,
            storage.GetAllTrials(info.Name, [TrialState.Complete, TrialState.Pruned]).Where(t => t.Value is { } v && double.IsFinite(v)).ToList());

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
