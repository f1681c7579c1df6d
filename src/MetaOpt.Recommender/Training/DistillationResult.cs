namespace MetaOpt.Recommender;

/// <summary>A student distilled from a teacher (<see cref="Distillation.TrainStudent"/>), with both models' cost.</summary>
public sealed record DistillationResult
{
    /// <summary>The student's training run: configuration, validation and test metrics (against the true ratings).</summary>
    public required TrainingResult Student { get; init; }

    /// <summary>The student's size and per-user times.</summary>
    public required ModelCost StudentCost { get; init; }

    /// <summary>The teacher's size and per-user times, measured beside the student's, user by user in turn.</summary>
    public required ModelCost TeacherCost { get; init; }

    /// <summary>The teacher's test metrics.</summary>
    public required EvaluationMetrics TeacherTest { get; init; }

    /// <summary>The weight of the teacher's predictions in the student's targets (0: true ratings only).</summary>
    public required double Mix { get; init; }

    /// <summary>Mean absolute difference between the student's and the teacher's adapted predictions on the meta-test
    /// queries, averaged per user: how closely the student tracks its teacher.</summary>
    public required double TeacherGap { get; init; }

    /// <summary>The student's parameters over the teacher's.</summary>
    public double ParameterRatio => (double)StudentCost.Parameters / TeacherCost.Parameters;

    /// <summary>How many times faster the student adapts to a new user alone than the teacher.</summary>
    public double AdaptationSpeedup => TeacherCost.Timings.AdaptationSeconds / StudentCost.Timings.AdaptationSeconds;

    /// <summary>How many times faster the student adapts users together than the teacher, per user.</summary>
    public double BatchAdaptationSpeedup => TeacherCost.Timings.BatchAdaptationSeconds / StudentCost.Timings.BatchAdaptationSeconds;
}
