namespace MetaOpt;

/// <summary>What a <see cref="StudyReport"/> shows and how big its images are.</summary>
public sealed record ReportOptions
{
    /// <summary>The trial user attributes shown as the best trial's metrics when present: validation and meta-test scores.</summary>
    public static readonly IReadOnlyList<string> DefaultMetricKeys = ["val_mae", "meta_test_mae", "meta_test_rmse", "meta_test_ndcg3"];

    /// <summary>The user attributes shown as baselines when present on the best trial or the study.</summary>
    public static readonly IReadOnlyList<string> DefaultBaselineKeys = ["global_zero_shot_mae", "global_finetuned_mae", "global_mean_mae"];

    /// <summary>The study attributes holding the baselines on the validation users, compared with the objective.</summary>
    public static readonly IReadOnlyList<string> DefaultValidationBaselineKeys = ["global_zero_shot_val_mae", "global_finetuned_val_mae", "global_mean_val_mae"];

    /// <summary>The parameters naming the strategy of a trial, the first one present wins.</summary>
    public static readonly IReadOnlyList<string> DefaultStrategyKeys = ["strategy", "algo"];

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

    /// <summary>Study attributes holding the baselines on the validation users, compared with the best objective value.</summary>
    public IReadOnlyList<string> ValidationBaselineKeys { get; init; } = DefaultValidationBaselineKeys;

    /// <summary>The best trial's user attribute compared with <see cref="BaselineKeys"/> (the baselines on the test users).</summary>
    public string TestMetricKey { get; init; } = "meta_test_mae";

    /// <summary>Parameters that name the strategy a trial used; the best trial's first one present is reported as the winner.</summary>
    public IReadOnlyList<string> StrategyKeys { get; init; } = DefaultStrategyKeys;

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
