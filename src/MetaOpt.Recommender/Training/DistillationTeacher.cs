namespace MetaOpt.Recommender;

/// <summary>
/// A trained teacher, kept as what its students learn from (<see cref="Distillation"/>): its adapted predictions on
/// the meta-train users' support and query ratings and on the meta-test queries, its metrics and its cost. The
/// network itself is released once these are read, so one teacher serves any number of students, also at once.
/// </summary>
public sealed class DistillationTeacher
{
    internal DistillationTeacher(
        ColdStartTasks tasks, TrainingResult result, ModelCost cost, IReadOnlyList<float[]> supportPredictions,
        IReadOnlyList<float[]> queryPredictions, double[] testPredictions)
    {
        Tasks = tasks;
        Result = result;
        Cost = cost;
        SupportPredictions = supportPredictions;
        QueryPredictions = queryPredictions;
        TestPredictions = testPredictions;
    }

    /// <summary>The tasks it was trained on, which its students train on too.</summary>
    public ColdStartTasks Tasks { get; }

    /// <summary>Its training run: configuration, validation and test metrics.</summary>
    public TrainingResult Result { get; }

    /// <summary>Its size and per-user adaptation and inference times.</summary>
    public ModelCost Cost { get; }

    /// <summary>Per meta-train user, in <see cref="ColdStartTasks.Train"/> order: the prediction for each support rating after adapting on the support set.</summary>
    internal IReadOnlyList<float[]> SupportPredictions { get; }

    /// <summary>Per meta-train user: the adapted prediction for each query rating.</summary>
    internal IReadOnlyList<float[]> QueryPredictions { get; }

    /// <summary>The adapted predictions on the meta-test queries, padded [users × query width], to compare students with.</summary>
    internal double[] TestPredictions { get; }
}
