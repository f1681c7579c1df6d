using System.Collections.Concurrent;
using System.Diagnostics;
using MetaOpt.Recommender.Evaluation;
using MetaOpt.Recommender.Model;
using MetaOpt.Recommender.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaOpt.Recommender;

/// <summary>
/// The training entry point a trial calls: trains the recommender of <see cref="TrainingConfig"/> on cold-start
/// tasks, reports the validation MAE after every epoch, and returns test metrics, baselines and timings. Every
/// tensor of a run lives in the run's dispose scope, so a process can run many trials with flat memory.
/// </summary>
public static class RecommenderTrainer
{
    // A study's trials share one dataset; parsing it once keeps trial start-up cheap. Tasks are immutable.
    private static readonly ConcurrentDictionary<(string Directory, int Support, int Query, float? Binarized), Lazy<ColdStartTasks>> LoadedTasks = new();

    /// <summary>Loads a MovieLens directory, binarised with <see cref="TrainingConfig.BinaryRatings"/>, and cuts it into
    /// tasks with the configuration's support and query sizes.</summary>
    public static ColdStartTasks LoadTasks(string dataDirectory, TrainingConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return BuildTasks(MovieLensLoader.Load(dataDirectory), config);
    }

    /// <summary>Cuts a dataset into tasks as the configuration asks: its support and query sizes, binarised with
    /// <see cref="TrainingConfig.BinaryRatings"/>.</summary>
    public static ColdStartTasks BuildTasks(RatingDataset data, TrainingConfig config)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(config);
        return ColdStartTasks.Build(config.BinaryRatings ? data.Binarized(config.PositiveRating) : data, config.SupportSize, config.QuerySize);
    }

    /// <summary>Trains one run on the MovieLens directory <see cref="TrainingConfig.Data"/>. The directory is read
    /// once per process and support/query sizes; later runs reuse the tasks.</summary>
    /// <exception cref="ArgumentException"><see cref="TrainingConfig.Data"/> is null, or as the other overload.</exception>
    public static TrainingResult Train(TrainingConfig config, Action<EpochReport>? onEpoch = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Data is null)
            throw new ArgumentException("TrainingConfig.Data is null; set it to a MovieLens directory or pass tasks to the other overload.", nameof(config));
        var key = (Path.GetFullPath(config.Data), config.SupportSize, config.QuerySize, config.BinaryRatings ? config.PositiveRating : (float?)null);
        var tasks = LoadedTasks.GetOrAdd(key, _ => new Lazy<ColdStartTasks>(() => LoadTasks(config.Data, config))).Value;
        return Train(tasks, config, onEpoch, cancellation);
    }

    /// <summary>Trains one run.</summary>
    /// <param name="tasks">The tasks; their support and query sizes must equal the configuration's.</param>
    /// <param name="config">Hyperparameters, shape, seed and device.</param>
    /// <param name="onEpoch">Called after every epoch; an exception it throws (e.g. a pruning signal) ends the run
    /// and propagates after the run's tensors are released.</param>
    /// <param name="cancellation">Checked before every batch; cancellation throws <see cref="OperationCanceledException"/>.</param>
    /// <param name="onBaselineEpoch">Called with the epoch count done after every epoch of the global baseline model
    /// (with <see cref="TrainingConfig.Baselines"/>), so a caller can show progress through that silent phase.</param>
    /// <exception cref="ArgumentException">A configuration value is out of range, the device is unavailable, or the
    /// tasks' sizes differ from the configuration's.</exception>
    /// <exception cref="TrainingDivergedException">A loss or the validation MAE became NaN or infinite.</exception>
    public static TrainingResult Train(
        ColdStartTasks tasks, TrainingConfig config, Action<EpochReport>? onEpoch = null, CancellationToken cancellation = default,
        Action<int>? onBaselineEpoch = null) =>
        Train(tasks, config, onEpoch, cancellation, onBaselineEpoch, inspect: null);

    /// <summary>Trains one run as the public overload, and hands the trained network, its evaluation rates and the
    /// run's data to <paramref name="inspect"/> while they are alive (distillation reads predictions and timings).</summary>
    internal static TrainingResult Train(
        ColdStartTasks tasks, TrainingConfig config, Action<EpochReport>? onEpoch, CancellationToken cancellation,
        Action<int>? onBaselineEpoch, Action<TrainedNetwork>? inspect)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        if (tasks.SupportSize != config.SupportSize || tasks.QuerySize != config.QuerySize)
            throw new ArgumentException(
                $"The tasks were built with support {tasks.SupportSize} and query {tasks.QuerySize}, but the configuration asks for " +
                $"support {config.SupportSize} and query {config.QuerySize}; build them with the same sizes.", nameof(tasks));
        if (config.Threads is int threads) set_num_threads(threads);

        var device = ComputeDevice.Parse(config.Device);
        var dtype = config.Precision == Precision.Float64 ? float64 : float32;
        using var runScope = NewDisposeScope();
        var data = RunData.Pack(tasks, device, dtype, config.Ranking, config.RelevantFrom);
        var random = new Random(config.Seed);
        using var network = new MeLUNetwork(tasks.Schema, NetworkShape.Of(config), device, dtype, random);

        double pretrainSeconds = 0;
        if (config.PretrainEpochs > 0 && config.Algo != MetaAlgorithm.Transfer)
        {
            long began = Stopwatch.GetTimestamp();
            using var pretrainer = new GlobalTrainer(network, data.TrainRows, config.GlobalLr, config.GlobalBatch);
            for (int epoch = 0; epoch < config.PretrainEpochs; epoch++)
                pretrainer.RunEpoch(random, "pretraining", epoch, [], cancellation);
            pretrainSeconds = Stopwatch.GetElapsedTime(began).TotalSeconds;
        }

        var batchSeconds = new List<double>();
        var epochs = new List<EpochReport>();
        EvaluationMetrics validation;
        EvaluationMetrics test;
        RecommenderModel model;
        if (config.Algo == MetaAlgorithm.Transfer)
        {
            using var trainer = new GlobalTrainer(network, data.TrainRows, config.GlobalLr, config.GlobalBatch);
            var rates = InnerLoop.ScalarRates(network, config.InnerLr);
            validation = RunEpochs(config, epochs, onEpoch,
                epoch => trainer.RunEpoch(random, "global training", epoch, batchSeconds, cancellation),
                () => Evaluator.Evaluate(network, data.Validation, config.InnerSteps, rates, config.NdcgK, RankingK(config)));
            test = Evaluator.Evaluate(network, data.Test, config.InnerSteps, rates, config.NdcgK, RankingK(config));
            inspect?.Invoke(new TrainedNetwork(network, rates, config.InnerSteps, data, 0));
            model = RecommenderModel.Capture(network, rates, learnedRates: false, config, tasks.Schema, tasks.Statistics, data.TrainMean);
        }
        else
        {
            using var learner = new MetaLearner(network, config.Algo, config.MetaLr, config.InnerLr, config.InnerSteps, config.MetaBatch);
            validation = RunEpochs(config, epochs, onEpoch,
                epoch => MetaEpoch(learner, data.Train, config.MetaBatch, random, epoch, batchSeconds, cancellation),
                () => Evaluator.Evaluate(network, data.Validation, config.InnerSteps, learner.EvaluationRates, config.NdcgK, RankingK(config)));
            test = Evaluator.Evaluate(network, data.Test, config.InnerSteps, learner.EvaluationRates, config.NdcgK, RankingK(config));
            inspect?.Invoke(new TrainedNetwork(network, learner.EvaluationRates, config.InnerSteps, data, learner.LearnedRates.Sum(r => r.numel())));
            model = RecommenderModel.Capture(network, learner.EvaluationRates, learnedRates: config.Algo == MetaAlgorithm.MetaSgd, config, tasks.Schema, tasks.Statistics, data.TrainMean);
        }

        var result = new TrainingResult
        {
            Config = config,
            Users = (data.Train.TaskCount, data.Validation.TaskCount, data.Test.TaskCount),
            MetaValidation = validation,
            MetaTest = test,
            Epochs = epochs,
            SecondsPerMetaBatchMedian = Median(batchSeconds),
            PretrainSeconds = pretrainSeconds,
            Model = model,
        };
        return config.Baselines ? WithBaselines(result, tasks, data, device, dtype, onBaselineEpoch, cancellation) : result;
    }

    private static EvaluationMetrics RunEpochs(
        TrainingConfig config, List<EpochReport> epochs, Action<EpochReport>? onEpoch,
        Func<int, double> trainEpoch, Func<EvaluationMetrics> validate)
    {
        EvaluationMetrics? validation = null;
        for (int epoch = 0; epoch < config.Epochs; epoch++)
        {
            long began = Stopwatch.GetTimestamp(), readsBefore = HostRead.Count;
            double loss = trainEpoch(epoch);
            double seconds = Stopwatch.GetElapsedTime(began).TotalSeconds;
            validation = validate();
            if (!double.IsFinite(validation.Mae)) throw new TrainingDivergedException("validation", epoch, 0, validation.Mae);
            var report = new EpochReport(epoch, validation.Mae, loss, seconds)
            {
                Validation = validation,
                HostReads = (int)(HostRead.Count - readsBefore),
            };
            epochs.Add(report);
            onEpoch?.Invoke(report);
        }
        return validation!;
    }

    private static double MetaEpoch(
        MetaLearner learner, SplitTensors train, int metaBatch, Random random, int epoch, List<double> batchSeconds,
        CancellationToken cancellation)
    {
        var order = Enumerable.Range(0, train.TaskCount).Select(i => (long)i).ToArray();
        random.Shuffle(order);
        int batches = order.Length / metaBatch;
        if (batches == 0)
            throw new ArgumentException($"MetaBatch {metaBatch} exceeds the {order.Length} meta-train users; no meta-batch fits.", nameof(metaBatch));
        using var epochScope = NewDisposeScope();
        // The epoch's order goes to the device once, each meta-batch is a slice of it, and the batch losses stay
        // there until the epoch ends: nothing inside the loop waits for the device.
        var onDevice = tensor(order, int64).to(train.Support.Items.device);
        var losses = new Tensor[batches];
        for (int b = 0; b < batches; b++)
        {
            cancellation.ThrowIfCancellationRequested();
            long began = Stopwatch.GetTimestamp();
            using var scope = NewDisposeScope();
            var index = onDevice.narrow(0, b * metaBatch, metaBatch);
            var batch = new SplitTensors(train.Support.Select(index), train.Query.Select(index), train.SupportAndQuery?.Select(index));
            losses[b] = learner.ComputeGradients(batch).MoveToOuterDisposeScope();
            learner.Step();
            batchSeconds.Add(Stopwatch.GetElapsedTime(began).TotalSeconds);
        }
        return EpochLoss(HostRead.Doubles(cat(losses)), "meta-training", epoch);
    }

    /// <summary>The mean of an epoch's batch losses, summed in batch order.</summary>
    /// <exception cref="TrainingDivergedException">A batch loss is not finite: the first such batch is named (the
    /// batches after it ran on, since the losses are read once per epoch).</exception>
    internal static double EpochLoss(double[] losses, string phase, int epoch)
    {
        double total = 0;
        for (int b = 0; b < losses.Length; b++)
        {
            if (!double.IsFinite(losses[b])) throw new TrainingDivergedException(phase, epoch, b, losses[b]);
            total += losses[b];
        }
        return total / losses.Length;
    }

    /// <summary>
    /// The seed the baseline global model of a run with seed <paramref name="seed"/> trains with: a
    /// <see cref="MetaAlgorithm.Transfer"/> run with this seed, the baseline's global settings and
    /// <see cref="TrainingConfig.GlobalEpochs"/> epochs trains the same model, so the baselines are points of a
    /// search over strategies.
    /// </summary>
    public static int BaselineSeed(int seed) => unchecked(seed * 7919 + 17);

    // The transfer-learning and global-mean baselines: a fresh network trained on all meta-train ratings, scored
    // zero-shot and fine-tuned with the run's inner steps and rate, and the meta-train mean rating, on the
    // meta-validation users (the objective's own) and the meta-test users.
    private static TrainingResult WithBaselines(
        TrainingResult result, ColdStartTasks tasks, RunData data, Device device, ScalarType dtype, Action<int>? onEpoch,
        CancellationToken cancellation)
    {
        var config = result.Config;
        var random = new Random(BaselineSeed(config.Seed));
        using var global = new MeLUNetwork(tasks.Schema, NetworkShape.Of(config), device, dtype, random);
        long began = Stopwatch.GetTimestamp();
        using (var trainer = new GlobalTrainer(global, data.TrainRows, config.GlobalLr, config.GlobalBatch))
            for (int epoch = 0; epoch < config.GlobalEpochs; epoch++)
            {
                trainer.RunEpoch(random, "global training", epoch, [], cancellation);
                onEpoch?.Invoke(epoch + 1);
            }
        double seconds = Stopwatch.GetElapsedTime(began).TotalSeconds;
        var rates = InnerLoop.ScalarRates(global, config.InnerLr);
        // A zero-shot run still has a fine-tuned baseline: the reference's one step.
        int fineTuneSteps = Math.Max(config.InnerSteps, 1);
        return result with
        {
            GlobalZeroShot = Evaluator.Evaluate(global, data.Test, 0, rates, config.NdcgK, RankingK(config)),
            GlobalFineTuned = Evaluator.Evaluate(global, data.Test, fineTuneSteps, rates, config.NdcgK, RankingK(config)),
            GlobalZeroShotValidation = Evaluator.Evaluate(global, data.Validation, 0, rates, config.NdcgK, RankingK(config)),
            GlobalFineTunedValidation = Evaluator.Evaluate(global, data.Validation, fineTuneSteps, rates, config.NdcgK, RankingK(config)),
            GlobalTrainSeconds = seconds,
            GlobalMeanMae = Evaluator.ConstantMae(data.Test, data.TrainMean),
            GlobalMeanValidationMae = Evaluator.ConstantMae(data.Validation, data.TrainMean),
        };
    }

    // Read only where the splits hold ranking candidates, that is with a protocol.
    private static int RankingK(TrainingConfig config) => config.Ranking?.K ?? 0;

    /// <summary>The upper median; 0 for no values.</summary>
    internal static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return 0;
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
