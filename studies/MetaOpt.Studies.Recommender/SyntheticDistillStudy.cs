using MetaOpt.Recommender;

namespace MetaOpt.Studies.Recommender;

/// <summary>The distillation search of <see cref="MovieLensDistillStudy"/> on the generated users of <see cref="SyntheticColdStartStudy"/> (no download).</summary>
public sealed class SyntheticDistillStudy : DistillationStudy
{
    /// <inheritdoc/>
    public override string Name => "synthetic-distill";

    /// <inheritdoc/>
    public override string Description =>
        "Students of a MAML teacher (d 16, h 32) on generated users (no download): student_dim 2..4, student_hidden 4..16, adapted_layers, mix; 6 epochs.";

    /// <inheritdoc/>
    public override DataRequirement Data => DataRequirement.None;

    /// <inheritdoc/>
    public override int Epochs => 6;

    /// <inheritdoc/>
    protected override TrainingConfig Teacher => SyntheticColdStartStudy.NetworkDefaults with { MetaLr = 5e-3 };

    /// <inheritdoc/>
    /// <remarks>d = 4, h = 16 has 21% of the teacher's parameters on the generated data (2.2k of 10.5k).</remarks>
    protected override (int Dim, int Hidden) LargestStudent => (4, 16);

    /// <inheritdoc/>
    protected override ColdStartTasks LoadTasks(StudyRunContext context, TrainingConfig teacher) => SyntheticColdStartStudy.GeneratedTasks(teacher);
}
