namespace MetaOpt;

/// <summary>What a storage knows about a study besides its trials.</summary>
public sealed record StudyInfo
{
    /// <summary>The study's unique name.</summary>
    public required string Name { get; init; }

    /// <summary>Whether the study minimises or maximises each objective: one direction, or one per objective of a multi-objective study.</summary>
    public required IReadOnlyList<Direction> Directions { get; init; }

    /// <summary>
    /// The direction of a single-objective study; in a multi-objective one the first objective's, so code that
    /// compares values must read <see cref="Directions"/> (see <see cref="IsMultiObjective"/>).
    /// </summary>
    public Direction Direction => Directions[0];

    /// <summary>Whether the study has several objectives.</summary>
    public bool IsMultiObjective => Directions.Count > 1;

    /// <summary>When the study was created (UTC).</summary>
    public DateTime Created { get; init; }

    /// <summary>Free-form settings and descriptions.</summary>
    public IReadOnlyDictionary<string, object> UserAttrs { get; init; } = new Dictionary<string, object>();

    /// <summary>A study as a storage creates it, now: every <see cref="IStorage.CreateStudy"/> builds it here, so all storages check its directions alike.</summary>
    /// <exception cref="ArgumentException">The name is blank, or the directions are empty or hold an unknown value.</exception>
    public static StudyInfo New(string name, IReadOnlyList<Direction> directions)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new StudyInfo { Name = name, Directions = Checked(directions, nameof(directions)), Created = DateTime.UtcNow };
    }

    /// <summary>A copy of the directions, which must be one or more known ones: the rule that a study has 1..n objectives.</summary>
    /// <exception cref="ArgumentException">They are empty or hold an unknown value.</exception>
    internal static IReadOnlyList<Direction> Checked(IReadOnlyList<Direction> directions, string parameter)
    {
        ArgumentNullException.ThrowIfNull(directions, parameter);
        if (directions.Count == 0)
            throw new ArgumentException("A study needs at least one direction: one per objective.", parameter);
        foreach (var direction in directions)
            if (!Enum.IsDefined(direction))
                throw new ArgumentException($"{(int)direction} is not a direction (Minimize or Maximize).", parameter);
        return [.. directions];
    }
}
