using System.Globalization;
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

    /// <summary>
    /// A kept model, exported by <c>best --export-model</c>, is the teacher of a distillation run: the run trains no
    /// teacher, and the teacher's MAEs it stores are the kept trial's own evaluation of that model.
    /// </summary>
    [Fact]
    public void ADistillationRunTakesItsTeacherFromAKeptModel()
    {
        var kept = _directory.File("kept.db");
        var export = _directory.File("teacher");
        var search = Launcher.Run("run", "synthetic-cold-start", "--trials", "2", "--epochs", "1", "--pruner", "none",
            "--sampler", "random", "--storage", kept, "--seed", "3", "--keep-models", "top-1");
        Assert.True(search.ExitCode == 0, search.Error);
        var exported = Launcher.Run("best", "synthetic-cold-start", "--storage", kept, "--export-model", export);
        Assert.True(exported.ExitCode == 0, exported.Error);
        var storage = _directory.File("s.db");

        var outcome = Launcher.Run("run", "synthetic-distill", "--teacher-model", export, "--trials", "1", "--epochs", "1",
            "--pruner", "none", "--sampler", "random", "--storage", storage, "--seed", "2");

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        Assert.Contains($"Teacher: the model in '{Path.GetFullPath(export)}'", outcome.Output);
        Assert.DoesNotContain("epochs...", outcome.Output);
        FrozenTrial best;
        using (var opened = LiteDbStorage.OpenReadOnly(kept))
            best = opened.GetAllTrials("synthetic-cold-start").Where(t => t.State == TrialState.Complete).MinBy(t => t.Value)!;
        // The students inherit the kept trial's training settings, which its export's manifest records.
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"meta-lr {Convert.ToDouble(best.Params["meta_lr"], CultureInfo.InvariantCulture):G3}..."), outcome.Output);
        using var distilled = LiteDbStorage.OpenReadOnly(storage);
        var attrs = distilled.FindStudy("synthetic-distill")!.UserAttrs;
        // The kept trial evaluated the same float32 network on the same users, adapted together in the same way.
        Assert.Equal((double)best.UserAttrs[RecommenderAttributes.MetaTestMae], (double)attrs[DistillationStudy.TeacherMae], 6);
        Assert.Equal(best.Value!.Value, (double)attrs[DistillationStudy.TeacherValMae], 6);
        // A resumed run or a confirmation reads the teacher from the same folder again.
        using (var runs = System.Text.Json.JsonDocument.Parse((string)attrs["runs"]))
            Assert.Equal(Path.GetFullPath(export), runs.RootElement[0].GetProperty("teacher_model").GetString());
        var student = Assert.Single(distilled.GetAllTrials("synthetic-distill"));
        Assert.Equal(TrialState.Complete, student.State);
        Assert.InRange((double)student.UserAttrs[DistillationStudy.ParameterRatio], 0.0, 0.25);
    }

    /// <summary>A teacher folder that cannot be read, or a model of other data, is refused in one line before anything is stored.</summary>
    [Fact]
    public void ATeacherModelOfOtherDataOrNoModelIsRefusedInOneLine()
    {
        var kept = _directory.File("kept.db");
        var export = _directory.File("teacher");
        Assert.Equal(0, Launcher.Run("run", "synthetic-cold-start", "--trials", "1", "--epochs", "1", "--pruner", "none",
            "--storage", kept, "--seed", "3", "--keep-models", "top-1").ExitCode);
        Assert.Equal(0, Launcher.Run("best", "synthetic-cold-start", "--storage", kept, "--export-model", export).ExitCode);
        // The same model, as if trained on generated data with other ratings.
        var description = Path.Combine(export, "model.json");
        var model = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(description))!;
        var ratings = model["data"]!["statistics"]!["ratings"]!.GetValue<double>();
        model["data"]!["statistics"]!["ratings"] = ratings + 1;
        File.WriteAllText(description, model.ToJsonString());
        var storage = _directory.File("s.db");

        var other = Launcher.Run("run", "synthetic-distill", "--teacher-model", export, "--trials", "1", "--epochs", "1", "--storage", storage);
        var missing = Launcher.Run("run", "synthetic-distill", "--teacher-model", _directory.File("nothing"), "--trials", "1", "--epochs", "1", "--storage", storage);

        Assert.Equal(2, other.ExitCode);
        Assert.Equal(
            $"metaopt: cannot run 'synthetic-distill' with these settings: the teacher model in '{Path.GetFullPath(export)}' does not fit this study: " +
            $"the data is not the data the model was trained on: its ratings is {ratings.ToString(System.Globalization.CultureInfo.InvariantCulture)}, the model's {(ratings + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            Assert.Single(other.ErrorLines));
        Assert.Equal(2, missing.ExitCode);
        Assert.StartsWith($"metaopt: cannot run 'synthetic-distill' with these settings: the teacher model in '{_directory.File("nothing")}' cannot be read (",
            Assert.Single(missing.ErrorLines));
        Assert.False(File.Exists(storage), "nothing was stored");
    }

    [Fact]
    public void AStudyWithoutATeacherNotesTheTeacherModelAsIgnored()
    {
        var outcome = Launcher.Run("run", "functions-branin", "--teacher-model", _directory.File("nothing"), "--trials", "2", "--storage", _directory.File("s.db"));

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(["metaopt: note: study 'functions-branin' does not use --teacher-model; it is ignored"], outcome.ErrorLines);
    }
}
