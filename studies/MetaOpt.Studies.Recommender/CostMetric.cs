using MetaOpt.Recommender;

namespace MetaOpt.Studies.Recommender;

/// <summary>
/// The two objectives of a cost study (<c>movielens-maml-cost</c>, <c>synthetic-cost</c>) as <c>metaopt run --metric</c>
/// names them: the quality, an <see cref="ObjectiveMetric"/> (MAE by default), and the cost, minimised: <c>seconds</c>
/// (training seconds per epoch, <see cref="TrainingResult.SteadySecondsPerEpoch"/>, the default) or <c>params</c> (the network's parameter count). <c>--metric params</c>,
/// <c>--metric rmse</c> and <c>--metric ndcg@10,params</c> name one or both.
/// </summary>
public sealed record CostMetric
{
    /// <summary>Training seconds per epoch (<see cref="TrainingResult.SteadySecondsPerEpoch"/>), the default cost.</summary>
    public const string Seconds = "seconds";

    /// <summary>The network's parameter count, Meta-SGD's learned rates included.</summary>
    public const string Parameters = "params";

    /// <summary>What the command line accepts, for help and error messages.</summary>
    public const string Allowed =
        "METRIC, COST or METRIC,COST with COST seconds (training seconds per epoch, the default) or params (parameter count) and METRIC " + ObjectiveMetric.Allowed;

    private CostMetric(ObjectiveMetric quality, string cost)
    {
        Quality = quality;
        Cost = cost;
    }

    /// <summary>The first objective: what the validation users measure.</summary>
    public ObjectiveMetric Quality { get; }

    /// <summary>The second objective: <see cref="Seconds"/> or <see cref="Parameters"/>.</summary>
    public string Cost { get; }

    /// <summary>The quality's direction, then the cost's (minimised).</summary>
    public IReadOnlyList<Direction> Directions => [Quality.Direction, Direction.Minimize];

    /// <summary>The objectives <paramref name="text"/> names (case-insensitive); null is MAE and seconds.</summary>
    /// <exception cref="ArgumentException">Not one of <see cref="Allowed"/>; the message names the text.</exception>
    public static CostMetric Parse(string? text)
    {
        if (text is null)
            return new CostMetric(ObjectiveMetric.Default, Seconds);
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        try
        {
            if (parts.Length == 2 && CostName(parts[1]) is { } cost)
                return new CostMetric(ObjectiveMetric.Parse(parts[0]), cost);
            if (parts.Length == 1)
                return CostName(parts[0]) is { } alone ? new CostMetric(ObjectiveMetric.Default, alone) : new CostMetric(ObjectiveMetric.Parse(parts[0]), Seconds);
        }
        catch (ArgumentException)
        {
            // Refused below with what a cost study allows, not only the quality metrics.
        }
        throw new ArgumentException($"'{text}' is not a cost study's metric; use {Allowed}", nameof(text));
    }

    private static string? CostName(string text) => text.ToLowerInvariant() is Seconds or Parameters ? text.ToLowerInvariant() : null;

    /// <summary>
    /// The cost of a trial: its parameter count, or its training seconds per epoch
    /// (<see cref="TrainingResult.SteadySecondsPerEpoch"/>, averaged over the folds' runs).
    /// </summary>
    public double Of(IReadOnlyList<TrainingResult> runs, long parameters)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return Cost == Parameters ? parameters : runs.Average(r => r.SteadySecondsPerEpoch);
    }
}
