using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MetaOpt.Recommender;

namespace MetaOpt.Studies.Recommender;

/// <summary>
/// A search over students distilled from one teacher (<see cref="Distillation"/>): each trial meta-trains a small
/// network of the suggested size (<c>student_dim</c>, <c>student_hidden</c>, <c>adapted_layers</c>) on
/// targets mixing the true ratings with the teacher's adapted predictions (<c>mix</c>), and returns its validation
/// MAE. The teacher is trained once per run, before the first trial, from <see cref="Teacher"/> with the run's seed,
/// epochs and device, or read from a kept model (<see cref="StudyRunContext.TeacherModel"/>, exported by
/// <c>metaopt best --export-model</c>) trained on the same data. Its MAEs are the study's baselines; each trial
/// stores its size, its per-user times and their ratios to the teacher's, timed side by side.
/// </summary>
public abstract class DistillationStudy : IStudyDefinition
{
    /// <summary>Trial attribute: the student's parameters.</summary>
    public const string StudentParameters = "student_parameters";

    /// <summary>Trial attribute: the student's parameters over the teacher's (at most 0.25).</summary>
    public const string ParameterRatio = "parameter_ratio";

    /// <summary>Trial attribute: the student's milliseconds to adapt to one new user alone.</summary>
    public const string AdaptationMs = "adaptation_ms";

    /// <summary>Trial attribute: the student's milliseconds to predict one adapted user's query.</summary>
    public const string InferenceMs = "inference_ms";

    /// <summary>Trial attribute: how many times faster than the teacher the student adapts a user alone.</summary>
    public const string AdaptationSpeedup = "adaptation_speedup";

    /// <summary>Trial attribute: how many times faster than the teacher the student adapts users together, per user.</summary>
    public const string BatchAdaptationSpeedup = "batch_adaptation_speedup";

    /// <summary>Trial attribute: the mean absolute difference between the student's and the teacher's test predictions.</summary>
    public const string TeacherGap = "teacher_gap";

    /// <summary>Study attribute: the teacher's validation MAE.</summary>
    public const string TeacherValMae = "teacher_val_mae";

    /// <summary>Study attribute: the teacher's meta-test MAE.</summary>
    public const string TeacherMae = "teacher_mae";

    /// <summary>Study attribute: the teacher's parameters.</summary>
    public const string TeacherParameters = "teacher_parameters";

    /// <summary>Trial attribute: the teacher's milliseconds to adapt to one new user alone, timed beside the student's.</summary>
    public const string TeacherAdaptationMs = "teacher_adaptation_ms";

    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <inheritdoc/>
    public abstract string Description { get; }

    /// <inheritdoc/>
    public PrunerKind DefaultPruner => PrunerKind.Median;

    /// <inheritdoc/>
    public virtual int DefaultTrialCount => 30;

    /// <inheritdoc/>
    public virtual int Epochs => 10;

    /// <inheritdoc/>
    public virtual DataRequirement Data => RecommenderAttributes.MovieLens;

    /// <inheritdoc/>
    public StudyInputs Inputs => StudyInputs.Device | StudyInputs.Epochs | StudyInputs.TeacherModel;

    /// <inheritdoc/>
    public StudyDeclarations Declarations { get; } = new()
    {
        Metrics =
        [
            new(RecommenderAttributes.ValMae, "validation MAE", Direction.Minimize),
            new(RecommenderAttributes.MetaTestMae, "meta-test MAE", Direction.Minimize),
            new(RecommenderAttributes.MetaTestRmse, "meta-test RMSE", Direction.Minimize),
            new(RecommenderAttributes.MetaTestNdcg3, "meta-test nDCG@3", Direction.Maximize),
            new(ParameterRatio, "parameters / teacher's", Direction.Minimize),
            new(AdaptationSpeedup, "adaptation speed-up, one user", Direction.Maximize),
            new(BatchAdaptationSpeedup, "adaptation speed-up, users together", Direction.Maximize),
            new(TeacherGap, "gap to the teacher's test predictions", Direction.Minimize),
        ],
        Baselines =
        [
            new(TeacherValMae, "teacher", "validation"),
            new(TeacherMae, "teacher", "test", RecommenderAttributes.MetaTestMae),
        ],
    };

    /// <summary>The teacher's configuration (network, algorithm, rates); the run sets its epochs, seed and device.</summary>
    protected abstract TrainingConfig Teacher { get; }

    /// <summary>The largest <c>student_dim</c> and <c>student_hidden</c>: every student of the space is within a
    /// quarter of the teacher's parameters on the study's data.</summary>
    protected abstract (int Dim, int Hidden) LargestStudent { get; }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, Distribution> SearchSpace => _space ??= new Dictionary<string, Distribution>
    {
        ["student_dim"] = new IntDistribution(2, LargestStudent.Dim),
        ["student_hidden"] = new IntDistribution(4, LargestStudent.Hidden, step: 4),
        ["adapted_layers"] = new IntDistribution(1, Teacher.DecisionLayers),
        ["mix"] = new FloatDistribution(0, 1),
    };

    private Dictionary<string, Distribution>? _space;

    /// <summary>The cold-start tasks teacher and students train on.</summary>
    protected virtual ColdStartTasks LoadTasks(StudyRunContext context, TrainingConfig teacher) =>
        RecommenderTrainer.LoadTasks(context.DataDirectory
            ?? throw new InvalidOperationException($"Study '{Name}' needs a MovieLens directory (--data)."), teacher);

    /// <inheritdoc/>
    public PreparedStudy Prepare(StudyRunContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var config = Teacher with { Epochs = context.Epochs, Seed = context.Seed, Device = context.Device, Threads = context.Threads, Baselines = false };
        (RecommenderModel Model, Dictionary<string, object> Parameters)? kept = context.TeacherModel is { } folder ? ReadTeacher(folder) : null;
        // A kept teacher brings its trial's training settings (meta-learning rate, meta-batch...) for the students to
        // inherit, and its own network, strategy, inner rate and steps, and support and query sizes.
        if (kept is { } k)
            config = k.Model.ApplyTo(TrainingParameters.Apply(config, k.Parameters));
        config.Validate();
        var clock = Stopwatch.StartNew();
        context.Log.WriteLine("Preparing the cold-start tasks...");
        var tasks = LoadTasks(context, config);
        context.Log.WriteLine($"Data: {tasks.Train.Count} meta-train, {tasks.Validation.Count} meta-validation, {tasks.Test.Count} meta-test users.");
        context.Log.WriteLine(kept is null
            ? $"Teacher: {MetaAlgorithmNames.Name(config.Algo)}, d = {config.EmbeddingDim}, h = {config.Hidden}, {config.Epochs} epochs..."
            : $"Teacher: the model in '{context.TeacherModel}', {MetaAlgorithmNames.Name(config.Algo)}, d = {config.EmbeddingDim}, h = {config.Hidden}, meta-lr {config.MetaLr:G3}...");
        DistillationTeacher teacher;
        try
        {
            teacher = kept is { } given ? Distillation.KeptTeacher(given.Model, tasks, config) : Distillation.TrainTeacher(tasks, config);
        }
        catch (Exception e) when (kept is not null && e is ArgumentException or InvalidDataException)
        {
            throw new ArgumentException($"the teacher model in '{context.TeacherModel}' does not fit this study: {e.Message}", e);
        }
        context.Log.WriteLine(
            $"Teacher: {teacher.Parameters} parameters, validation MAE {teacher.Result.MetaValidation.Mae:F4}, " +
            $"meta-test MAE {teacher.Result.MetaTest.Mae:F4} ({clock.Elapsed.TotalSeconds:F1} s).");
        return new PreparedStudy(
            trial => Evaluate(trial, context, teacher),
            (study, _) =>
            {
                // The teacher of this run (retrained with the run's seed, or read again), so a resumed run stores what it compares with.
                study.SetUserAttr(TeacherParameters, teacher.Parameters);
                study.SetUserAttr(TeacherMae, teacher.Result.MetaTest.Mae);
                study.SetUserAttr(TeacherValMae, teacher.Result.MetaValidation.Mae);
            },
            MetaFeatures: new MetaFeatures(tasks.Statistics.ToDictionary()));
    }

    // The model of a folder exported by `metaopt best --export-model`, and the training parameters its manifest
    // records for the trial (those a training run understands but its epochs: the students train for the run's).
    private static (RecommenderModel Model, Dictionary<string, object> Parameters) ReadTeacher(string folder)
    {
        try
        {
            using var weights = File.OpenRead(Path.Combine(folder, RecommenderModel.WeightsName));
            using var description = File.OpenRead(Path.Combine(folder, RecommenderModel.DescriptionName));
            var model = RecommenderModel.Read(weights, description);
            var manifest = Path.Combine(folder, StudyArtifacts.ManifestName);
            var parameters = new Dictionary<string, object>();
            if (File.Exists(manifest))
            {
                using var recorded = JsonDocument.Parse(File.ReadAllText(manifest));
                if (recorded.RootElement.TryGetProperty("params", out var values) && values.ValueKind == JsonValueKind.Object)
                    foreach (var value in values.EnumerateObject())
                        if (TrainingParameters.Names.Contains(value.Name) && value.Name != "global_epochs")
                            parameters[value.Name] = ValueJson.ReadTyped(value.Value);
            }
            return (model, parameters);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or JsonException or InvalidOperationException or FormatException)
        {
            throw new ArgumentException($"the teacher model in '{folder}' cannot be read ({e.Message}); give a folder written by 'metaopt best --export-model'", e);
        }
    }

    /// <summary>The student configuration a trial's parameters ask for: the teacher's, with the student's size.</summary>
    public static TrainingConfig Student(TrainingConfig teacher, IReadOnlyDictionary<string, object> parameters)
    {
        ArgumentNullException.ThrowIfNull(teacher);
        ArgumentNullException.ThrowIfNull(parameters);
        return teacher with
        {
            EmbeddingDim = (int)parameters["student_dim"],
            Hidden = (int)parameters["student_hidden"],
            AdaptedLayers = (int)parameters["adapted_layers"],
        };
    }

    private double Evaluate(Trial trial, StudyRunContext context, DistillationTeacher teacher) =>
        TrainingTrial.Run(trial, context, device =>
        {
            var parameters = trial.SuggestAll(SearchSpace);
            var student = Student(teacher.Result.Config, parameters) with { Seed = trial.Seed, Device = device };
            var mix = Convert.ToDouble(parameters["mix"], CultureInfo.InvariantCulture);
            var result = Distillation.TrainStudent(teacher, student, mix, TrainingTrial.Reporter(trial, "MAE", epoch => epoch.ValidationMae), trial.CancellationToken);
            var timings = result.StudentCost.Timings;
            trial.SetUserAttr(RecommenderAttributes.ValMae, result.Student.MetaValidation.Mae);
            trial.SetUserAttr(RecommenderAttributes.MetaTestMae, result.Student.MetaTest.Mae);
            trial.SetUserAttr(RecommenderAttributes.MetaTestRmse, result.Student.MetaTest.Rmse);
            trial.SetUserAttr(RecommenderAttributes.MetaTestNdcg3, result.Student.MetaTest.Ndcg);
            trial.SetUserAttr(StudentParameters, result.StudentCost.Parameters);
            trial.SetUserAttr(ParameterRatio, result.ParameterRatio);
            trial.SetUserAttr(AdaptationMs, timings.AdaptationSeconds * 1e3);
            trial.SetUserAttr(InferenceMs, timings.InferenceSeconds * 1e3);
            trial.SetUserAttr(TeacherAdaptationMs, result.TeacherCost.Timings.AdaptationSeconds * 1e3);
            trial.SetUserAttr(AdaptationSpeedup, result.AdaptationSpeedup);
            trial.SetUserAttr(BatchAdaptationSpeedup, result.BatchAdaptationSpeedup);
            trial.SetUserAttr(TeacherGap, result.TeacherGap);
            return result.Student.MetaValidation.Mae;
        });
}
