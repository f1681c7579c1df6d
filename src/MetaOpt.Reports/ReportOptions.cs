namespace MetaOpt;

/// <summary>What a <see cref="StudyReport"/> shows and how big its images are.</summary>
public sealed record ReportOptions
{
    /// <summary>The trial user attributes shown as the best trial's metrics when present: validation and meta-test scores.</summary>
    public static readonly IReadOnlyList<string> DefaultMetricKeys = ["val_mae", "meta_test_mae", "meta_test_rmse", "meta_test_ndcg3"];

    /// <summary>The user attributes shown as baselines when present on the best trial or the study.</summary>
    public static readonly IReadOnlyList<string> DefaultBaselineKeys = ["global_zero_shot_mae", "global_finetuned_mae", "global_mean_mae"];

    private readonly int _width = 1000;
    private readonly int _height = 560;
    private readonly int? _maxEpochs;

    /// <summary>Width of each image in pixels, from 200 to 8000.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside 200..8000.</exception>
    public int Width { get => _width; init => _width = InRange(value, 200, 8000, nameof(Width)); }

    /// <summary>Height of each image in pixels, from 150 to 8000.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside 150..8000.</exception>
    public int Height { get => _height; init => _height = InRange(value, 150, 8000, nameof(Height)); }

    /// <summary>Trial user attributes to show as the best trial's metrics, in this order; missing ones are skipped.</summary>
    public IReadOnlyList<string> MetricKeys { get; init; } = DefaultMetricKeys;

    /// <summary>User attributes to show as baselines (looked up on the best trial, then on the study); missing ones are skipped.</summary>
    public IReadOnlyList<string> BaselineKeys { get; init; } = DefaultBaselineKeys;

    /// <summary>
    /// The steps (epochs) a full, unpruned trial runs, for the pruning savings; when null, the study's user attribute
    /// <c>max_epochs</c>, else the most epochs any trial ran. At least 1.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 1.</exception>
    public int? MaxEpochs { get => _maxEpochs; init => _maxEpochs = value is { } v ? InRange(v, 1, int.MaxValue, nameof(MaxEpochs)) : null; }

    /// <summary>How parameter importance is estimated; <see cref="FanovaImportanceEvaluator"/> with seed 0 when null.</summary>
    public IImportanceEvaluator? ImportanceEvaluator { get; init; }

    private static int InRange(int value, int min, int max, string name) =>
        value < min || value > max
            ? throw new ArgumentOutOfRangeException(name, value, $"{name} must be between {min} and {max}, got {value}.")
            : value;
}
