namespace MetaOpt.Studies;

/// <summary>The names of the user attributes studies store with each trial and study, shared with reports and exports.</summary>
public static class TrialAttributes
{
    /// <summary>Wall-clock seconds the trial's objective took.</summary>
    public const string Seconds = "seconds";

    /// <summary>Epochs the trial trained before it finished or was pruned.</summary>
    public const string EpochsRun = "epochs_run";

    /// <summary>The device the trial trained on.</summary>
    public const string Device = Trial.DeviceAttr;

    /// <summary>The package version that ran the trial.</summary>
    public const string Version = "version";

    /// <summary>The git commit that ran the trial.</summary>
    public const string Commit = "commit";

    /// <summary>Validation MAE of the trial's final model (the objective of the recommender studies).</summary>
    public const string ValMae = "val_mae";

    /// <summary>Meta-test MAE of the trial's model.</summary>
    public const string MetaTestMae = "meta_test_mae";

    /// <summary>Meta-test RMSE of the trial's model.</summary>
    public const string MetaTestRmse = "meta_test_rmse";

    /// <summary>Meta-test nDCG@3 of the trial's model.</summary>
    public const string MetaTestNdcg3 = "meta_test_ndcg3";

    /// <summary>Study attribute: the global model's zero-shot meta-test MAE.</summary>
    public const string GlobalZeroShotMae = "global_zero_shot_mae";

    /// <summary>Study attribute: the global model's meta-test MAE after fine-tuning on each user's support set.</summary>
    public const string GlobalFinetunedMae = "global_finetuned_mae";

    /// <summary>Study attribute: the meta-test MAE of always predicting the global mean rating.</summary>
    public const string GlobalMeanMae = "global_mean_mae";

    /// <summary>Study attribute: the global model's zero-shot meta-validation MAE (the objective's users).</summary>
    public const string GlobalZeroShotValMae = "global_zero_shot_val_mae";

    /// <summary>Study attribute: the global model's meta-validation MAE after fine-tuning on each user's support set.</summary>
    public const string GlobalFinetunedValMae = "global_finetuned_val_mae";

    /// <summary>Study attribute: the meta-validation MAE of always predicting the global mean rating.</summary>
    public const string GlobalMeanValMae = "global_mean_val_mae";

    /// <summary>Why a trial's training diverged (NaN or infinite loss); such trials are stored as pruned.</summary>
    public const string Diverged = "diverged";

    /// <summary>Study attribute: the known optimum of a benchmark function.</summary>
    public const string Optimum = "optimum";

    /// <summary>Records the package version and commit with a trial.</summary>
    public static void StampBuild(Trial trial)
    {
        trial.SetUserAttr(Version, BuildInfo.Version);
        trial.SetUserAttr(Commit, BuildInfo.Commit);
    }
}
