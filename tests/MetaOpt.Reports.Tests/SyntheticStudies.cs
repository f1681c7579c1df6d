namespace MetaOpt.Reports.Tests;

/// <summary>
/// Small studies with the shape of a real recommender study: learning curves reported per epoch, trials pruned by
/// hand when their curve lags, some failing, and the user attributes the launcher's studies record.
/// </summary>
internal static class SyntheticStudies
{
    public const int MaxEpochs = 10;

    /// <summary>
    /// A study where <c>lr</c> dominates the final value, <c>layers</c> matters a little, <c>algo</c> slightly and
    /// <c>noise</c> not at all. Trials whose epoch-3 value is above 1.2 are pruned; "metasgd" with 4 layers fails.
    /// </summary>
    public static Study LearningCurves(string name = "synthetic", int trials = 30, int seed = 1)
    {
        var study = Study.Create(name, new StudyOptions { Sampler = new RandomSampler(seed), Direction = Direction.Minimize });
        study.SetUserAttr("max_epochs", MaxEpochs);
        study.SetUserAttr("sampler", "random");
        study.SetUserAttr("global_zero_shot_mae", 0.95);
        study.SetUserAttr("global_finetuned_mae", 0.91);
        study.SetUserAttr("global_mean_mae", 1.02);
        RecommenderLike.Store(study);
        study.Optimize(Objective, trials: trials, stopOnCtrlC: false);
        return study;
    }

    /// <summary>The declarations the recommender studies store, written out here as a study of the user's would.</summary>
    public static readonly StudyDeclarations RecommenderLike = new()
    {
        Metrics =
        [
            new("val_mae", "validation MAE", Direction.Minimize),
            new("meta_test_mae", "meta-test MAE", Direction.Minimize),
            new("meta_test_rmse", "meta-test RMSE", Direction.Minimize),
            new("meta_test_ndcg3", "meta-test nDCG@3", Direction.Maximize),
        ],
        Baselines =
        [
            new("global_zero_shot_val_mae", "global model, zero-shot", "validation"),
            new("global_finetuned_val_mae", "global model, fine-tuned", "validation"),
            new("global_mean_val_mae", "global mean rating", "validation"),
            new("global_zero_shot_mae", "global model, zero-shot", "test", "meta_test_mae"),
            new("global_finetuned_mae", "global model, fine-tuned", "test", "meta_test_mae"),
            new("global_mean_mae", "global mean rating", "test", "meta_test_mae"),
        ],
        StrategyParameters = ["strategy", "algo"],
    };

    /// <summary>
    /// A study of <paramref name="trials"/> stored trials made without running an objective (fast at 10 000): two
    /// workers, learning curves, a third pruned, one value in 500 exploded to 1000.
    /// </summary>
    public static StudySnapshot Large(int trials, int seed = 1)
    {
        var random = new Random(seed);
        var distributions = new Dictionary<string, Distribution>
        {
            ["lr"] = new FloatDistribution(1e-4, 1, log: true),
            ["layers"] = new IntDistribution(1, 4),
            ["algo"] = new CategoricalDistribution(["maml", "melu", "metasgd"]),
        };
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var list = new List<FrozenTrial>();
        for (var number = 0; number < trials; number++)
        {
            var lr = Math.Pow(10, -4 + 4 * random.NextDouble());
            var layers = random.Next(1, 5);
            var algo = new[] { "maml", "melu", "metasgd" }[random.Next(3)];
            var value = number % 500 == 7 ? 1000 : 0.7 + 0.3 * Math.Pow(Math.Log10(lr) + 2, 2) + 0.03 * layers;
            var pruned = number % 3 == 2;
            var curve = new SortedDictionary<int, double>();
            for (var epoch = 0; epoch < (pruned ? 3 : MaxEpochs); epoch++)
                curve[epoch] = value + 0.6 / (epoch + 1);
            var begin = start.AddSeconds(number / 2 * 10.0);
            list.Add(new FrozenTrial
            {
                Id = number + 1,
                Number = number,
                State = pruned ? TrialState.Pruned : TrialState.Complete,
                Value = curve[curve.Count - 1],
                Params = new Dictionary<string, object> { ["lr"] = lr, ["layers"] = layers, ["algo"] = algo },
                Distributions = distributions,
                IntermediateValues = curve,
                SystemAttrs = new Dictionary<string, object> { [Study.OwnerAttr] = $"host:{number % 2}:0" },
                DatetimeStart = begin,
                DatetimeComplete = begin.AddSeconds(pruned ? 3 : 9),
            });
        }
        return new StudySnapshot("large", Direction.Minimize, list, new Dictionary<string, object>());
    }

    private static double Objective(Trial trial)
    {
        var lr = trial.SuggestFloat("lr", 1e-4, 1, log: true);
        var layers = trial.SuggestInt("layers", 1, 4);
        var algo = trial.SuggestCategorical("algo", ["maml", "melu", "metasgd"]);
        var noise = trial.SuggestFloat("noise", 0, 1);
        if (algo == "metasgd" && layers == 4)
            throw new InvalidOperationException("out of memory (synthetic failure)");

        var final = 0.7 + 0.3 * Math.Pow(Math.Log10(lr) + 2, 2) + 0.03 * layers + (algo == "melu" ? 0.02 : 0) + 0.001 * noise;
        var value = final;
        for (var epoch = 0; epoch < MaxEpochs; epoch++)
        {
            value = final + 0.6 / (epoch + 1);
            trial.Report(value, epoch);
            if (epoch == 3 && value > 1.2)
                throw new TrialPrunedException();
        }
        trial.SetUserAttr("meta_test_mae", value + 0.01);
        trial.SetUserAttr("meta_test_rmse", value * 1.25);
        trial.SetUserAttr("meta_test_ndcg3", 0.8);
        trial.SetUserAttr("epochs_run", MaxEpochs);
        trial.SetUserAttr("seconds", 0.01);
        trial.SetUserAttr("device", "cpu");
        trial.SetUserAttr("version", "test");
        return value;
    }
}
