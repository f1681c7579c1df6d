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
        study.Optimize(Objective, nTrials: trials, stopOnCtrlC: false);
        return study;
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
