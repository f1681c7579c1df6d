namespace MetaOpt.Dashboard.Tests;

/// <summary>Fills a storage with trials through its write methods, as a running study would, without a sampler.</summary>
internal static class SyntheticStudy
{
    public static readonly FloatDistribution Lr = new(1e-4, 1e-1, log: true);
    public static readonly IntDistribution Layers = new(1, 8);
    public static readonly CategoricalDistribution Optimizer = new(["adam", "sgd", "rmsprop"]);

    /// <summary>
    /// Adds <paramref name="count"/> finished trials numbered from the study's current count: trial n has
    /// lr = 1e-4 · 1000^((n mod 100) / 99), layers = 1 + n mod 8, optimizer = choice n mod 3, and value
    /// n mod 1000 when Complete; every 10th is Pruned (value -1), every 25th Failed.
    /// </summary>
    public static void AddFinished(IStorage storage, string study, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var trial = Start(storage, study, device: "cpu");
            var n = trial.Number;
            storage.SetTrialIntermediateValue(trial.Id, 0, n % 1000 + 1);
            if (n % 25 == 0)
                storage.FinishTrial(trial.Id, TrialState.Failed, null, "synthetic failure");
            else if (n % 10 == 0)
                storage.FinishTrial(trial.Id, TrialState.Pruned, -1, null);
            else
                storage.FinishTrial(trial.Id, TrialState.Complete, n % 1000, null);
        }
    }

    /// <summary>Starts a trial with the parameters of its number (see <see cref="AddFinished"/>) and leaves it Running.</summary>
    public static FrozenTrial Start(IStorage storage, string study, string device)
    {
        var trial = storage.CreateTrial(study, TrialState.Running,
            systemAttrs: new Dictionary<string, object> { ["owner"] = "test-host:42:0" },
            userAttrs: new Dictionary<string, object> { ["device"] = device });
        var n = trial.Number;
        storage.SetTrialParam(trial.Id, "lr", Lr.ToInternal(1e-4 * Math.Pow(1000, n % 100 / 99.0)), Lr);
        storage.SetTrialParam(trial.Id, "layers", 1 + n % 8, Layers);
        storage.SetTrialParam(trial.Id, "optimizer", n % 3, Optimizer);
        return trial;
    }
}
