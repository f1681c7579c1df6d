namespace MetaOpt;

/// <summary>What a <see cref="StudyReport"/> shows and how big its images are.</summary>
public sealed record ReportOptions
{
    private readonly int _width = 1000;
    private readonly int _height = 560;
    private readonly int? _maxEpochs;

    /// <summary>Width of each image in pixels, from 200 to 8000.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside 200..8000.</exception>
    public int Width { get => _width; init => _width = InRange(value, 200, 8000, nameof(Width)); }

    /// <summary>Height of each image in pixels, from 150 to 8000.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside 150..8000.</exception>
    public int Height { get => _height; init => _height = InRange(value, 150, 8000, nameof(Height)); }

    /// <summary>
    /// The metrics, baselines and strategy parameters to report, in place of those the study stored
    /// (<see cref="StudyDeclarations.AttributeKey"/>); when null, the study's own.
    /// </summary>
    public StudyDeclarations? Declarations { get; init; }

    /// <summary>
    /// The steps (epochs) a full, unpruned trial runs, for the pruning savings; when null, the study's user attribute
    /// <c>max_epochs</c>, else the most epochs any trial ran. At least 1.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 1.</exception>
    public int? MaxEpochs { get => _maxEpochs; init => _maxEpochs = value is { } v ? InRange(v, 1, int.MaxValue, nameof(MaxEpochs)) : null; }

    /// <summary>How parameter importance is estimated; <see cref="FanovaImportanceEvaluator"/> with seed 0 when null.</summary>
    public IImportanceEvaluator? ImportanceEvaluator { get; init; }

    /// <summary>The declarations the report of <paramref name="study"/> follows: <see cref="Declarations"/>, else the study's own.</summary>
    /// <exception cref="InvalidDataException">The study's stored declarations are malformed.</exception>
    public StudyDeclarations DeclarationsOf(StudySnapshot study)
    {
        ArgumentNullException.ThrowIfNull(study);
        return Declarations ?? StudyDeclarations.Read(study.UserAttrs);
    }

    private static int InRange(int value, int min, int max, string name) =>
        value < min || value > max
            ? throw new ArgumentOutOfRangeException(name, value, $"{name} must be between {min} and {max}, got {value}.")
            : value;
}
