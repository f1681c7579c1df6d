namespace MetaOpt;

/// <summary>What a storage knows about a study besides its trials.</summary>
public sealed record StudyInfo
{
    /// <summary>The study's unique name.</summary>
    public required string Name { get; init; }

    /// <summary>Whether the study minimises or maximises.</summary>
    public required Direction Direction { get; init; }

    /// <summary>When the study was created (UTC).</summary>
    public DateTime Created { get; init; }

    /// <summary>Free-form settings and descriptions.</summary>
    public IReadOnlyDictionary<string, object> UserAttrs { get; init; } = new Dictionary<string, object>();
}
