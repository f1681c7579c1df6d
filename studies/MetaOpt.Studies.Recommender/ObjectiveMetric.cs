using System.Globalization;
using MetaOpt.Recommender;

namespace MetaOpt.Studies.Recommender;

/// <summary>
/// What a recommender study's objective measures on the validation users (<c>metaopt run --metric</c>): MAE (the
/// default) or RMSE of the adapted ratings, or a top-k ranking metric against sampled negatives (<c>hr@K</c>,
/// <c>recall@K</c>, <c>ndcg@K</c>; <see cref="RankingProtocol"/>). The direction follows the metric: errors are
/// minimised, ranking metrics maximised.
/// </summary>
public sealed record ObjectiveMetric
{
    /// <summary>The metric of a run that names none.</summary>
    public const string DefaultName = "mae";

    /// <summary>The largest cut-off k a ranking metric may ask for.</summary>
    public const int MaxK = 1000;

    /// <summary>What the command line accepts, for help and error messages.</summary>
    public const string Allowed = "mae, rmse, hr@K, recall@K or ndcg@K (K a whole number from 1 to 1000)";

    private readonly string _kind;

    private ObjectiveMetric(string kind, int? k)
    {
        _kind = kind;
        K = k;
    }

    /// <summary>MAE, the default.</summary>
    public static ObjectiveMetric Default { get; } = new(DefaultName, null);

    /// <summary>The canonical name: <c>mae</c>, <c>rmse</c>, <c>hr@10</c>, <c>recall@5</c>, <c>ndcg@10</c>.</summary>
    public string Name => K is { } k ? $"{_kind}@{k.ToString(CultureInfo.InvariantCulture)}" : _kind;

    /// <summary>The cut-off of a ranking metric; null for MAE and RMSE.</summary>
    public int? K { get; }

    /// <summary>Whether the metric ranks (it needs negatives sampled and scored).</summary>
    public bool IsRanking => K is not null;

    /// <summary>Errors are minimised, ranking metrics maximised.</summary>
    public Direction Direction => IsRanking ? Direction.Maximize : Direction.Minimize;

    /// <summary>What reports call it.</summary>
    public string Label => _kind switch
    {
        "mae" => "MAE",
        "rmse" => "RMSE",
        "hr" => $"HR@{K}",
        "recall" => $"Recall@{K}",
        _ => $"nDCG@{K} (sampled)",
    };

    /// <summary>The trial attribute holding the metric on the validation users.</summary>
    public string ValidationKey => "val_" + Key;

    /// <summary>The trial attribute holding the metric on the test users.</summary>
    public string TestKey => "meta_test_" + Key;

    // ndcg@10 as an attribute name: letters, digits and underscores only.
    private string Key => K is { } k ? $"{_kind}_at_{k.ToString(CultureInfo.InvariantCulture)}" : _kind;

    /// <summary>The ranking protocol a training run needs to measure the metric; null for MAE and RMSE.</summary>
    public RankingProtocol? Ranking => K is { } k ? new RankingProtocol { K = k } : null;

    /// <summary>The metric's value in <paramref name="metrics"/>.</summary>
    /// <exception cref="ArgumentException">A ranking metric, and the evaluation measured no ranking.</exception>
    public double Of(EvaluationMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        if (_kind == "mae") return metrics.Mae;
        if (_kind == "rmse") return metrics.Rmse;
        var ranking = metrics.Ranking ?? throw new ArgumentException($"The evaluation measured no ranking; {Name} needs TrainingConfig.Ranking.", nameof(metrics));
        return _kind switch
        {
            "hr" => ranking.HitRate,
            "recall" => ranking.Recall,
            _ => ranking.Ndcg,
        };
    }

    /// <summary>The metric <paramref name="text"/> names (case-insensitive).</summary>
    /// <exception cref="ArgumentException">Not one of <see cref="Allowed"/>; the message names the text.</exception>
    public static ObjectiveMetric Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lower = text.Trim().ToLowerInvariant();
        if (lower is "mae" or "rmse")
            return lower == DefaultName ? Default : new ObjectiveMetric(lower, null);
        var at = lower.IndexOf('@', StringComparison.Ordinal);
        if (at > 0 && lower[..at] is "hr" or "recall" or "ndcg"
            && int.TryParse(lower[(at + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k is >= 1 and <= MaxK)
            return new ObjectiveMetric(lower[..at], k);
        throw new ArgumentException($"'{text}' is not a metric; use {Allowed}", nameof(text));
    }
}
