using MetaOpt.Recommender.Model;
using static TorchSharp.torch;

namespace MetaOpt.Recommender.Tests;

/// <summary>Distillation into a small student (<see cref="Distillation"/>), on generated data with fixed seeds.</summary>
public sealed class DistillationTests
{
    private static readonly Lazy<DistillationTeacher> SharedTeacher = new(() => Distillation.TrainTeacher(TestData.Tasks, TeacherConfig));

    private static TrainingConfig TeacherConfig => TestData.FastConfig with { EmbeddingDim = 16, Hidden = 32, Epochs = 4, MetaLr = 5e-3, Seed = 2 };

    private static TrainingConfig StudentConfig => TeacherConfig with { EmbeddingDim = 3, Hidden = 8 };

    [Fact]
    public void TheParameterCountIsEveryTableAndLayerOfTheNetwork()
    {
        // The generated schema: user fields of 7, 2, 8 and 11 values, 19 genres, 17 year buckets, 120 items (index 0 unused).
        var schema = TestData.Tasks.Schema;
        Assert.Equal([7, 2, 8, 11], schema.UserFieldSizes);
        Assert.Equal((19, 17, 120), (schema.GenreCount, schema.YearBucketCount, schema.ItemCount));
        // d = 3, h = 8: embeddings (28 + 19 + 17 + 121)·3, layers 21→8→8→1.
        long embeddings = (28 + 19 + 17 + 121) * 3, layers = 21 * 8 + 8 + 8 * 8 + 8 + 8 + 1;
        Assert.Equal(embeddings + layers, Distillation.ParameterCount(schema, StudentConfig));
        // Meta-SGD also keeps one inner rate per adapted weight: all three layers by default, the last one with AdaptedLayers 1.
        Assert.Equal(embeddings + 2 * layers, Distillation.ParameterCount(schema, StudentConfig with { Algo = MetaAlgorithm.MetaSgd }));
        Assert.Equal(embeddings + layers + 9, Distillation.ParameterCount(schema, StudentConfig with { Algo = MetaAlgorithm.MetaSgd, AdaptedLayers = 1 }));
        // The count is the network's own.
        using var network = new MeLUNetwork(schema, NetworkShape.Of(StudentConfig), CPU, float32, new Random(0));
        Assert.Equal(embeddings + layers, network.Parameters.Sum(p => p.numel()));
    }

    [Fact]
    public void TheTeacherIsTheRunOfItsConfigurationAndItsCostIsTimedBesideTheStudents()
    {
        var teacher = SharedTeacher.Value;

        Assert.Equal(Distillation.ParameterCount(TestData.Tasks.Schema, TeacherConfig), teacher.Parameters);
        Assert.Equal(RecommenderTrainer.Train(TestData.Tasks, TeacherConfig).MetaTest, teacher.Result.MetaTest);
        var result = Distillation.TrainStudent(teacher, StudentConfig with { Epochs = 1 }, 0.5);
        Assert.Equal(teacher.Parameters, result.TeacherCost.Parameters);
        foreach (var timings in new[] { result.TeacherCost.Timings, result.StudentCost.Timings })
            Assert.All(new[] { timings.AdaptationSeconds, timings.InferenceSeconds, timings.BatchAdaptationSeconds, timings.BatchInferenceSeconds },
                seconds => Assert.True(seconds > 0));
        Assert.Equal(result.TeacherCost.Timings.AdaptationSeconds / result.StudentCost.Timings.AdaptationSeconds, result.AdaptationSpeedup, 12);
    }

    [Fact]
    public void TheTeacherRebuiltFromItsValuesPredictsAsTheTrainedOne()
    {
        using var trained = new MeLUNetwork(TestData.Tasks.Schema, NetworkShape.Of(TeacherConfig), CPU, float32, new Random(5));
        using var rebuilt = new MeLUNetwork(TestData.Tasks.Schema, NetworkShape.Of(TeacherConfig), CPU, float32, new Random(6));

        Assert.NotEqual(trained.Snapshot()[0], rebuilt.Snapshot()[0]);
        rebuilt.Load(trained.Snapshot());

        Assert.Equal(trained.Snapshot(), rebuilt.Snapshot());
    }

    [Fact]
    public void AStudentTrainedOnTheTeachersPredictionsTracksTheTeacher()
    {
        var teacher = SharedTeacher.Value;

        var taught = Distillation.TrainStudent(teacher, StudentConfig, mix: 1);
        var alone = Distillation.TrainStudent(teacher, StudentConfig, mix: 0);

        Assert.InRange(taught.ParameterRatio, 0.0, Distillation.MaxParameterRatio);
        Assert.Equal(Distillation.ParameterCount(TestData.Tasks.Schema, StudentConfig), taught.StudentCost.Parameters);
        Assert.Equal(teacher.Result.MetaTest, taught.TeacherTest);
        // Trained on the teacher's predictions, its own predictions on new users are closer to the teacher's than
        // those of the same student trained on the ratings alone.
        Assert.True(taught.TeacherGap < alone.TeacherGap, $"gap {taught.TeacherGap:F4} taught, {alone.TeacherGap:F4} alone");
        // Mix 0 is a plain run of the student's configuration.
        Assert.Equal(RecommenderTrainer.Train(TestData.Tasks, StudentConfig).MetaTest, alone.Student.MetaTest);
    }

    [Fact]
    public void AStudentOverAQuarterOfTheTeacherOrABadMixIsRefused()
    {
        var teacher = SharedTeacher.Value;

        var big = Assert.Throws<ArgumentException>(() => Distillation.TrainStudent(teacher, TeacherConfig with { EmbeddingDim = 8 }, 0.5));
        Assert.Contains($"more than a quarter of the teacher's {teacher.Parameters}", big.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Distillation.TrainStudent(teacher, StudentConfig, 1.5));
        Assert.Throws<ArgumentException>(() => Distillation.TrainStudent(teacher, StudentConfig, double.NaN));
    }
}
