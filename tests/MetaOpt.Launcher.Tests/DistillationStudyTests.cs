using MetaOpt.Recommender;
using MetaOpt.Studies;
using MetaOpt.Studies.Recommender;

namespace MetaOpt.Launcher.Tests;

/// <summary>The distillation studies (<see cref="DistillationStudy"/>): their space stays under a quarter of the teacher, and a run stores what reports need.</summary>
public sealed class DistillationStudyTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void EveryStudentOfTheSyntheticSpaceHasAtMostAQuarterOfTheTeachersParameters()
    {
        var study = new SyntheticDistillStudy();
        var teacher = SyntheticColdStartStudy.NetworkDefaults;
        var schema = SyntheticColdStartStudy.GeneratedTasks(teacher).Schema;
        var dims = (IntDistribution)study.SearchSpace["student_dim"];
        var hidden = (IntDistribution)study.SearchSpace["student_hidden"];
        long teacherParameters = Distillation.ParameterCount(schema, teacher);

        var largest = DistillationStudy.Student(teacher, new Dictionary<string, object>
        {
            ["student_dim"] = dims.High, ["student_hidden"] = hidden.High, ["adapted_layers"] = 3,
        });

        Assert.Equal((2, 4, 16), (dims.Low, dims.High, hidden.High));
        Assert.InRange(Distillation.ParameterCount(schema, largest), 1, Distillation.MaxParameterRatio * teacherParameters);
        Assert.True(Distillation.ParameterCount(schema, largest with { EmbeddingDim = dims.High + 1 }) > Distillation.MaxParameterRatio * teacherParameters * 0.9,
            "the space reaches close to the cap");
    }

    [Fact]
    public void ARunStoresTheTeacherAsBaselineAndEachStudentsSizeTimesAndGap()
    {
        var storage = _directory.File("s.db");

        var outcome = Launcher.Run("run", "synthetic-distill", "--trials", "2", "--epochs", "1", "--pruner", "none",
            "--sampler", "random", "--storage", storage, "--seed", "2");

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        Assert.Contains("Teacher: ", outcome.Output);
        using var opened = new LiteDbStorage(storage);
        var stored = opened.FindStudy("synthetic-distill")!;
        var teacherParameters = Convert.ToInt64(stored.UserAttrs[DistillationStudy.TeacherParameters], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Distillation.ParameterCount(SyntheticColdStartStudy.GeneratedTasks(new TrainingConfig()).Schema, SyntheticColdStartStudy.NetworkDefaults), teacherParameters);
        Assert.InRange((double)stored.UserAttrs[DistillationStudy.TeacherMae], 0.3, 2.0);
        var declared = StudyDeclarations.Read(stored.UserAttrs);
        Assert.Equal(DistillationStudy.TeacherMae, declared.Baselines.Single(b => b.Group == "test").Key);
        foreach (var trial in opened.GetAllTrials("synthetic-distill"))
        {
            Assert.Equal(TrialState.Complete, trial.State);
            Assert.Equal(trial.Value, (double)trial.UserAttrs[RecommenderAttributes.ValMae]);
            var student = DistillationStudy.Student(SyntheticColdStartStudy.NetworkDefaults, trial.Params);
            var parameters = Convert.ToInt64(trial.UserAttrs[DistillationStudy.StudentParameters], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(Distillation.ParameterCount(SyntheticColdStartStudy.GeneratedTasks(student).Schema, student), parameters);
            Assert.Equal((double)parameters / teacherParameters, (double)trial.UserAttrs[DistillationStudy.ParameterRatio], 12);
            Assert.InRange((double)trial.UserAttrs[DistillationStudy.ParameterRatio], 0.0, 0.25);
            Assert.True((double)trial.UserAttrs[DistillationStudy.AdaptationMs] > 0);
            Assert.True((double)trial.UserAttrs[DistillationStudy.AdaptationSpeedup] > 0);
            Assert.True((double)trial.UserAttrs[DistillationStudy.TeacherGap] > 0);
        }
    }
}
