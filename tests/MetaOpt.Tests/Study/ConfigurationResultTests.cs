namespace MetaOpt.Tests;

public class ConfigurationResultTests
{
    // Each trial: its value and, for a repeat, its configuration's first trial.
    private static Study StudyOf(Direction direction, params (double Value, int? RepeatOf, double? Metric)[] trials)
    {
        var study = Study.Create("s", new StudyOptions { Direction = direction, Sampler = new RandomSampler(seed: 1) });
        foreach (var (value, repeatOf, metric) in trials)
        {
            if (repeatOf is { } first)
                study.EnqueueRepeat(study.Trials[first]);
            else
                study.EnqueueTrial(new Dictionary<string, object> { ["x"] = (double)study.Trials.Count });
            var trial = study.Ask();
            trial.SuggestFloat("x", 0, 100);
            if (metric is { } m)
                trial.SetUserAttr("test_mae", m);
            study.Tell(trial, value);
        }
        return study;
    }

    [Fact]
    public void TrialsAreGroupedByConfigurationAndRankedByTheirMean()
    {
        // Configuration 0: 1, 3 (mean 2); configuration 1: 1.5 alone; configuration 2: 2.5, 2.6, 2.7.
        var study = StudyOf(Direction.Minimize, (1, null, 0.8), (1.5, null, null), (2.5, null, null), (3, 0, 0.9), (2.6, 2, null), (2.7, 2, null));

        var ranked = study.Configurations;

        Assert.Equal([1, 0, 2], ranked.Select(c => c.Configuration));
        Assert.Equal([1, 2, 3], ranked.Select(c => c.Repeats));
        Assert.Equal(2.0, ranked[1].Objective.Mean, 12);
        Assert.Equal(0.85, ranked[1].Metric("test_mae")!.Mean, 12);
        Assert.Null(ranked[2].Metric("test_mae"));
        Assert.Equal(0.0, (double)ranked[1].Params["x"]);
        // The single lucky draw (1.5) does not win over a repeated mean: configuration 0, mean 2, does.
        Assert.Equal(0, ConfigurationResult.Winner(ranked)!.Configuration);
    }

    [Fact]
    public void WhenMaximisingTheHighestMeanComesFirstAndWithoutRepeatsTheBestTrialWins()
    {
        var study = StudyOf(Direction.Maximize, (1, null, null), (4, null, null), (2, null, null));

        var ranked = study.Configurations;

        Assert.Equal([1, 2, 0], ranked.Select(c => c.Configuration));
        Assert.Equal(study.BestTrial.Number, ConfigurationResult.Winner(ranked)!.Configuration);
        Assert.Null(ConfigurationResult.Winner([]));
    }
}
