namespace MetaOpt.Storage.Optuna.Tests;

/// <summary>
/// A MetaOpt study with everything a study holds: every kind of distribution, complete, pruned, failed, running and
/// waiting trials, reports, user and system attributes, fixed parameters and a heartbeat; in a LiteDB file, as
/// <c>metaopt storage copy</c> finds it.
/// </summary>
internal static class SourceStudy
{
    public const string Name = "source";

    public static LiteDbStorage Create(string path)
    {
        var storage = new LiteDbStorage(path);
        var study = Study.Create(Name, new StudyOptions { Storage = storage, Sampler = new RandomSampler(3), Direction = Direction.Maximize });
        study.SetUserAttr("dataset", "ml-100k");
        study.SetUserAttr("epochs", 20);
        study.SetUserAttr("share", 0.5);
        study.Optimize(trial =>
        {
            var lr = trial.SuggestFloat("lr", 1e-5, 1e-1, log: true);
            var dropout = trial.SuggestFloat("dropout", 0, 0.5, step: 0.1);
            var layers = trial.SuggestInt("layers", 1, 8);
            trial.SuggestInt("units", 16, 256, log: true);
            trial.SuggestInt("batch", 32, 256, step: 32);
            var optimizer = trial.SuggestCategorical("optimizer", ["adam", "sgd"]);
            trial.SuggestCategorical<object>("width", [2, 4.5, true]);
            trial.SetUserAttr("note", $"trial {trial.Number}");
            trial.SetUserAttr("big", 1L << 40);
            trial.SetUserAttr("whole", 3.0);
            if (trial.Number == 2)
                throw new InvalidOperationException("diverged");
            var value = layers * 0.25 + dropout + (optimizer == "sgd" ? 0.5 : 0) + lr;
            for (var step = 0; step < 3; step++)
                trial.Report(value - (2 - step) * 0.125, step);
            if (trial.Number == 1)
                throw new TrialPrunedException();
            return value;
        }, trials: 5);
        study.EnqueueTrial(new Dictionary<string, object> { ["lr"] = 0.02, ["layers"] = 2, ["optimizer"] = "sgd" });
        var running = study.Ask();
        running.SuggestFloat("lr", 1e-5, 1e-1, log: true);
        storage.RecordHeartbeat(running.Id);
        study.EnqueueTrial(new Dictionary<string, object> { ["lr"] = 0.03, ["width"] = 4.5 });
        return storage;
    }

    /// <summary>
    /// Asserts that two studies' trials are the same in everything but their storage ids; times as <paramref name="time"/>
    /// sees them (all of them when null).
    /// </summary>
    public static void AssertSameTrials(IReadOnlyList<FrozenTrial> expected, IReadOnlyList<FrozenTrial> actual, Func<DateTime?, DateTime?>? time = null)
    {
        time ??= t => t;
        Assert.Equal(expected.Count, actual.Count);
        foreach (var (e, a) in expected.Zip(actual))
        {
            Assert.Equal(e.Number, a.Number);
            Assert.Equal(e.State, a.State);
            Assert.Equal(e.Value, a.Value);
            Assert.Equal(e.Params, a.Params);
            Assert.Equal(e.Params.ToDictionary(p => p.Key, p => p.Value.GetType()), a.Params.ToDictionary(p => p.Key, p => p.Value.GetType()));
            Assert.Equal(e.Distributions, a.Distributions);
            Assert.Equal(e.IntermediateValues, a.IntermediateValues);
            Assert.Equal(e.UserAttrs, a.UserAttrs);
            Assert.Equal(e.UserAttrs.ToDictionary(p => p.Key, p => p.Value.GetType()), a.UserAttrs.ToDictionary(p => p.Key, p => p.Value.GetType()));
            Assert.Equal(e.SystemAttrs, a.SystemAttrs);
            Assert.Equal(time(e.DatetimeStart), time(a.DatetimeStart));
            Assert.Equal(time(e.DatetimeComplete), time(a.DatetimeComplete));
            Assert.Equal(time(e.Heartbeat), time(a.Heartbeat));
            Assert.Equal(e.FailReason, a.FailReason);
        }
    }
}
