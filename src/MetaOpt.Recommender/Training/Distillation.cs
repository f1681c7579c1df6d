using MetaOpt.Recommender.Evaluation;
using MetaOpt.Recommender.Model;
using MetaOpt.Recommender.Training;
using static TorchSharp.torch;

namespace MetaOpt.Recommender;

/// <summary>
/// Model distillation for the cold-start recommender: a small student network is meta-trained like any run, so it
/// still adapts to each new user, but on targets that mix each meta-train rating with the teacher's adapted
/// prediction for it: (1 − mix) · rating + mix · teacher. Its validation and test metrics are against the true
/// ratings. See <c>docs/recommender.md</c>.
/// </summary>
public static class Distillation
{
    /// <summary>The largest share of the teacher's parameters a student may have.</summary>
    public const double MaxParameterRatio = 0.25;

    /// <summary>The meta-test users whose adaptation and inference times are measured, one at a time and together.</summary>
    public const int TimedUsers = 100;

    // Passes over the timed users adapted together; their median is kept.
    private const int TimedBatches = 5;

    /// <summary>Trains the teacher of <paramref name="config"/> on <paramref name="tasks"/> and keeps its predictions and values.</summary>
    /// <exception cref="ArgumentException">As <see cref="RecommenderTrainer.Train(ColdStartTasks, TrainingConfig, Action{EpochReport}?, CancellationToken, Action{int}?)"/>.</exception>
    /// <exception cref="TrainingDivergedException">The teacher's training diverged.</exception>
    public static DistillationTeacher TrainTeacher(ColdStartTasks tasks, TrainingConfig config, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(config);
        Func<TrainingResult, DistillationTeacher>? teacher = null;
        var result = RecommenderTrainer.Train(tasks, config with { Baselines = false }, null, cancellation, null, trained => teacher = Keep(tasks, trained));
        return teacher!(result);
    }

    /// <summary>
    /// The teacher a kept model makes (<see cref="RecommenderModel"/>: a trial's, or one exported by
    /// <c>metaopt best --export-model</c>): its predictions on <paramref name="tasks"/>, which must be cut from the data it
    /// was trained on, and its validation and test metrics there, computed as its trial's evaluation computed them.
    /// </summary>
    /// <param name="model">The kept model.</param>
    /// <param name="tasks">The tasks its students train on; built with the model's support and query sizes.</param>
    /// <param name="config">The teacher's configuration as students inherit it (meta-learning rate, epochs, device,
    /// metrics); the model's network, strategy, inner rate and steps, support and query sizes replace its own
    /// (<see cref="RecommenderModel.ApplyTo"/>).</param>
    /// <exception cref="ArgumentException">The tasks are not cut from the model's data (<see cref="RecommenderModel.CheckTrainedOn"/>), or a configuration value is out of range.</exception>
    /// <exception cref="InvalidDataException">The model's weights do not match its description.</exception>
    public static DistillationTeacher KeptTeacher(RecommenderModel model, ColdStartTasks tasks, TrainingConfig config)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(config);
        config = model.ApplyTo(config) with { Baselines = false, Precision = Precision.Float32 };
        config.Validate();
        model.CheckTrainedOn(tasks);
        if (config.Threads is int threads) set_num_threads(threads);
        using var scope = NewDisposeScope();
        var device = ComputeDevice.Parse(config.Device);
        var data = RunData.Pack(tasks, device, float32, config.Ranking, config.RelevantFrom);
        using var network = model.Rebuild(device);
        var rates = model.Rates(network, device);
        long learned = config.Algo == MetaAlgorithm.MetaSgd ? rates.Sum(r => r.numel()) : 0;
        var teacher = Keep(tasks, new TrainedNetwork(network, rates, config.InnerSteps, data, learned));
        int rankingK = config.Ranking?.K ?? 0;
        return teacher(new TrainingResult
        {
            Config = config,
            Users = (tasks.Train.Count, tasks.Validation.Count, tasks.Test.Count),
            MetaValidation = Evaluator.Evaluate(network, data.Validation, config.InnerSteps, rates, config.NdcgK, rankingK),
            MetaTest = Evaluator.Evaluate(network, data.Test, config.InnerSteps, rates, config.NdcgK, rankingK),
            Epochs = [],
            SecondsPerMetaBatchMedian = 0,
            PretrainSeconds = 0,
            Model = model,
        });
    }

    // What a teacher keeps of its trained network, as plain arrays: adapted predictions on the meta-train users'
    // support and query sets and on the meta-test queries, parameter values and inner rates; the run's result follows.
    private static Func<TrainingResult, DistillationTeacher> Keep(ColdStartTasks tasks, TrainedNetwork trained)
    {
        var data = trained.Data;
        var train = Evaluator.Predict(trained.Network, data.Train, trained.Steps, trained.Rates, [data.Train.Support, data.Train.Query]);
        var support = Rows(train[0], tasks.Train.Select(u => u.Support.Count).ToArray());
        var query = Rows(train[1], tasks.Train.Select(u => u.Query.Count).ToArray());
        var test = Evaluator.Predict(trained.Network, data.Test, trained.Steps, trained.Rates, [data.Test.Query])[0];
        var state = trained.Network.Snapshot();
        var rates = trained.Rates.Select(r => (HostRead.Floats(r), r.shape)).ToArray();
        long parameters = trained.ParameterCount;
        return result => new DistillationTeacher(tasks, result, parameters, state, rates, support, query, test);
    }

    /// <summary>
    /// Meta-trains the student of <paramref name="student"/> (its own shape, algorithm and rates) on the teacher's
    /// tasks with targets mixed by <paramref name="mix"/>, and measures it beside the teacher.
    /// </summary>
    /// <param name="teacher">The teacher.</param>
    /// <param name="student">The student's configuration; its support and query sizes must be the teacher's.</param>
    /// <param name="mix">The teacher's weight in the targets, in [0, 1].</param>
    /// <param name="onEpoch">Called after every epoch of the student, as a training run's callback.</param>
    /// <param name="cancellation">Checked before every batch.</param>
    /// <exception cref="ArgumentException"><paramref name="mix"/> is outside [0, 1], the student has more than
    /// <see cref="MaxParameterRatio"/> of the teacher's parameters, or a configuration value is out of range.</exception>
    /// <exception cref="TrainingDivergedException">The student's training diverged.</exception>
    public static DistillationResult TrainStudent(
        DistillationTeacher teacher, TrainingConfig student, double mix, Action<EpochReport>? onEpoch = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(teacher);
        ArgumentNullException.ThrowIfNull(student);
        if (!(mix is >= 0 and <= 1))
            throw new ArgumentException($"The mix is {mix}; allowed: [0, 1], the teacher's weight in the targets.", nameof(mix));
        student.Validate();
        var tasks = teacher.Tasks;
        long parameters = ParameterCount(tasks.Schema, student);
        if (parameters > MaxParameterRatio * teacher.Parameters)
            throw new ArgumentException(
                $"The student has {parameters} parameters, more than a quarter of the teacher's {teacher.Parameters}; " +
                $"make its EmbeddingDim ({student.EmbeddingDim}) or Hidden ({student.Hidden}) smaller.", nameof(student));

        float Mixed(float rating, float taught) => (float)((1 - mix) * rating + mix * taught);
        var train = tasks.Train.Select((u, i) => u with
        {
            Support = u.Support.Select((r, j) => r with { Value = Mixed(r.Value, teacher.SupportPredictions[i][j]) }).ToList(),
            Query = u.Query.Select((r, j) => r with { Value = Mixed(r.Value, teacher.QueryPredictions[i][j]) }).ToList(),
        }).ToList();
        double gap = 0;
        ModelCost? studentCost = null, teacherCost = null;
        var result = RecommenderTrainer.Train(tasks.WithTrain(train), student with { Baselines = false }, onEpoch, cancellation, null, trained =>
        {
            var query = trained.Data.Test.Query;
            var predicted = Evaluator.Predict(trained.Network, trained.Data.Test, trained.Steps, trained.Rates, [query])[0];
            int width = (int)query.Items.shape[1];
            gap = tasks.Test.Select((u, t) => QueryMetrics.MeanAbsoluteError(
                predicted.AsSpan(t * width, u.Query.Count), teacher.TestPredictions.AsSpan(t * width, u.Query.Count))).Average();
            (teacherCost, studentCost) = Costs(teacher, trained);
        });
        return new DistillationResult
        {
            Student = result,
            StudentCost = studentCost!,
            TeacherCost = teacherCost!,
            TeacherTest = teacher.Result.MetaTest,
            Mix = mix,
            TeacherGap = gap,
        };
    }

    /// <summary>The parameters a network of <paramref name="config"/>'s shape has on <paramref name="schema"/>, Meta-SGD's learned inner rates included.</summary>
    public static long ParameterCount(FeatureSchema schema, TrainingConfig config)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(config);
        return NetworkShape.Of(config).ParameterCount(schema, learnedRates: config.Algo == MetaAlgorithm.MetaSgd);
    }

    // The teacher rebuilt beside the student and both timed on the same users, in turn, so that a change of the
    // machine's load between the teacher's run and the student's cannot favour either.
    private static (ModelCost Teacher, ModelCost Student) Costs(DistillationTeacher teacher, TrainedNetwork student)
    {
        var like = student.Network.Parameters[0];
        using var network = new MeLUNetwork(teacher.Tasks.Schema, NetworkShape.Of(teacher.Result.Config), like.device, like.dtype, new Random(0));
        network.Load(teacher.State);
        var rates = teacher.Rates.Select(r => tensor(r.Values, r.Shape, float32).to(like.dtype, like.device)).ToArray();
        var timings = Evaluator.Timings(
            [(network, teacher.Result.Config.InnerSteps, rates), (student.Network, student.Steps, student.Rates)], student.Data.Test, TimedUsers, TimedBatches);
        return (new ModelCost(teacher.Parameters, timings[0]), new ModelCost(student.ParameterCount, timings[1]));
    }

    // Cuts a padded [users × width] array into each user's first counts[u] values.
    private static float[][] Rows(double[] padded, int[] counts)
    {
        int width = padded.Length / counts.Length;
        return counts.Select((count, u) => padded.AsSpan(u * width, count).ToArray().Select(v => (float)v).ToArray()).ToArray();
    }
}
