namespace MetaOpt;

/// <summary>
/// What a study says about its own results: the metrics its trials record, the baselines it compares them with, and
/// the parameters that name a trial's strategy. Stored in the study (<see cref="AttributeKey"/>) so that reports, the
/// launcher's <c>best</c> and the dashboard read them from the study itself, whoever ran it.
/// </summary>
public sealed record StudyDeclarations
{
    /// <summary>The study user attribute holding the declarations, as the JSON of <see cref="StudyDeclarationsJson"/>.</summary>
    public const string AttributeKey = "metaopt:declarations";

    /// <summary>No metrics, baselines or strategy parameters: reports show what the study stored, without margins.</summary>
    public static StudyDeclarations None { get; } = new();

    /// <summary>The trial user attributes that hold the trial's metrics, in the order reports show them.</summary>
    public IReadOnlyList<MetricDeclaration> Metrics { get; init; } = [];

    /// <summary>The study user attributes that hold baselines, in the order reports show them.</summary>
    public IReadOnlyList<BaselineDeclaration> Baselines { get; init; } = [];

    /// <summary>Parameters that name the strategy a trial used; the best trial's first one present is its strategy.</summary>
    public IReadOnlyList<string> StrategyParameters { get; init; } = [];

    /// <summary>Whether nothing is declared.</summary>
    public bool IsEmpty => Metrics.Count == 0 && Baselines.Count == 0 && StrategyParameters.Count == 0;

    /// <summary>Stores the declarations in <paramref name="study"/>, replacing any stored before; stores nothing when empty.</summary>
    /// <exception cref="ArgumentException">The declarations are inconsistent (see <see cref="Problem"/>).</exception>
    public void Store(Study study)
    {
        ArgumentNullException.ThrowIfNull(study);
        if (Problem() is { } problem)
            throw new ArgumentException($"Cannot store the study's declarations: {problem}.", nameof(study));
        if (!IsEmpty)
            study.SetUserAttr(AttributeKey, StudyDeclarationsJson.Write(this));
    }

    /// <summary>The declarations stored in a study's user attributes; <see cref="None"/> when it stores none.</summary>
    /// <exception cref="InvalidDataException">The stored declarations are malformed or inconsistent; the message names
    /// the attribute, so that a damaged study is reported rather than shown without its margins.</exception>
    public static StudyDeclarations Read(IReadOnlyDictionary<string, object> studyAttrs)
    {
        ArgumentNullException.ThrowIfNull(studyAttrs);
        if (!studyAttrs.TryGetValue(AttributeKey, out var stored))
            return None;
        try
        {
            var declarations = stored is string text
                ? StudyDeclarationsJson.Read(text)
                : throw new InvalidDataException($"it is a {stored.GetType().Name}, not JSON text");
            return declarations.Problem() is { } problem ? throw new InvalidDataException(problem) : declarations;
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"study attribute '{AttributeKey}' is malformed: {e.Message}", e);
        }
    }

    /// <summary>The metric <paramref name="key"/> names, or null when none is declared with it.</summary>
    public MetricDeclaration? Metric(string key) => Metrics.FirstOrDefault(m => m.Key == key);

    /// <summary>
    /// Why the declarations cannot be used, or null: an empty key, label or group, a key declared twice, a baseline
    /// compared with an undeclared metric, or a group whose baselines are compared with different values.
    /// </summary>
    public string? Problem()
    {
        if (Metrics.Any(m => m is null || string.IsNullOrEmpty(m.Key) || string.IsNullOrEmpty(m.Label)))
            return "a metric has no key or no label";
        if (Baselines.Any(b => b is null || string.IsNullOrEmpty(b.Key) || string.IsNullOrEmpty(b.Label) || string.IsNullOrEmpty(b.Group)))
            return "a baseline has no key, label or group";
        if (StrategyParameters.Any(string.IsNullOrEmpty))
            return "a strategy parameter has no name";
        if (Metrics.Select(m => m.Key).Concat(Baselines.Select(b => b.Key)).GroupBy(k => k).FirstOrDefault(g => g.Count() > 1) is { } twice)
            return $"'{twice.Key}' is declared twice";
        if (Baselines.FirstOrDefault(b => b.Metric is { } m && Metric(m) is null) is { } orphan)
            return $"baseline '{orphan.Key}' is compared with metric '{orphan.Metric}', which is not declared";
        if (Baselines.GroupBy(b => b.Group).FirstOrDefault(g => g.Select(b => b.Metric).Distinct().Count() > 1) is { } mixed)
            return $"the baselines of group '{mixed.Key}' are compared with different values";
        return null;
    }
}

/// <summary>A metric a study's trials record as a user attribute.</summary>
/// <param name="Key">The trial user attribute holding it, such as <c>meta_test_mae</c>.</param>
/// <param name="Label">What reports and the dashboard call it, such as <c>meta-test MAE</c>.</param>
/// <param name="Direction">Whether lower or higher values are better.</param>
public sealed record MetricDeclaration(string Key, string Label, Direction Direction);

/// <summary>A baseline a study stores as a study user attribute, and what the best trial is compared with on it.</summary>
/// <param name="Key">The study user attribute holding it, such as <c>global_mean_mae</c>.</param>
/// <param name="Label">What reports and the dashboard call it.</param>
/// <param name="Group">The comparison it belongs to: the best trial is compared with the best baseline of each group,
/// reported under this name (<c>validation</c>, <c>test</c>). Every baseline of a group is compared with the same value.</param>
/// <param name="Metric">The key of the declared metric it is compared with, or null for the trial's objective value
/// (compared in the study's direction).</param>
public sealed record BaselineDeclaration(string Key, string Label, string Group, string? Metric = null);
