namespace MetaOpt.Recommender;

/// <summary>
/// A trained teacher, kept as what its students learn from and are measured against (<see cref="Distillation"/>):
/// its parameter values and inner rates, its adapted predictions on the meta-train users' support and query ratings
/// and on the meta-test queries, and its metrics. Plain arrays, not tensors: one teacher serves any number of
/// students, also at once, and each student's run rebuilds the teacher's network to time the two side by side.
/// </summary>
public sealed class DistillationTeacher
{
    internal DistillationTeacher(
        ColdStartTasks tasks, TrainingResult result, long parameters, float[][] state, (float[] Values, long[] Shape)[] rates,
        IReadOnlyList<float[]> supportPredictions, IReadOnlyList<float[]> queryPredictions, double[] testPredictions)
    {
        Tasks = tasks;
        Result = result;
        Parameters = parameters;
        State = state;
        Rates = rates;
        SupportPredictions = supportPredictions;
        QueryPredictions = queryPredictions;
        TestPredictions = testPredictions;
    }

    /// <summary>The tasks it was trained on, which its students train on too.</summary>
    public ColdStartTasks Tasks { get; }

    /// <summary>Its training run: configuration, validation and test metrics.</summary>
    public TrainingResult Result { get; }

    /// <summary>Every number it needs to adapt and predict: the network's parameters and Meta-SGD's learned rates.</summary>
    public long Parameters { get; }

    /// <summary>The network's parameter values (<see cref="Model.MeLUNetwork.Snapshot"/>).</summary>
    internal float[][] State { get; }

    /// <summary>The inner rates its evaluation adapts with, each with its shape (a scalar's is empty).</summary>
    internal (float[] Values, long[] Shape)[] Rates { get; }

    /// <summary>Per meta-train user, in <see cref="ColdStartTasks.Train"/> order: the prediction for each support rating after adapting on the support set.</summary>
    internal IReadOnlyList<float[]> SupportPredictions { get; }

    /// <summary>Per meta-train user: the adapted prediction for each query rating.</summary>
    internal IReadOnlyList<float[]> QueryPredictions { get; }

    /// <summary>The adapted predictions on the meta-test queries, padded [users × query width], to compare students with.</summary>
    internal double[] TestPredictions { get; }
}
