using MetaOpt.Recommender;

namespace MetaOpt.Studies.Recommender;

/// <summary>Distillation on MovieLens: students of a reference MAML teacher (d = 32, h = 64), searched by size and mix.</summary>
public sealed class MovieLensDistillStudy : DistillationStudy
{
    /// <inheritdoc/>
    public override string Name => "movielens-distill";

    /// <inheritdoc/>
    public override string Description =>
        "Students of a MAML teacher (d 32, h 64) trained in the run: student_dim 2..8, student_hidden 4..32, adapted_layers, mix of the teacher's predictions; validation MAE.";

    /// <inheritdoc/>
    /// <remarks>The reference settings with the meta-learning rate of 5e-3, which trained better teachers than 1e-3 in 10 epochs (docs/recommender.md).</remarks>
    protected override TrainingConfig Teacher => new() { MetaLr = 5e-3 };

    /// <inheritdoc/>
    /// <remarks>On MovieLens 100K d = 8, h = 32 has 23% of the teacher's parameters (17.0k of 74.9k); the item table dominates both.</remarks>
    protected override (int Dim, int Hidden) LargestStudent => (8, 32);
}
