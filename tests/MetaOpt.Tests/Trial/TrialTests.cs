using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace MetaOpt.Tests;

public class TrialTests
{
    private static Study NewStudy() => Study.Create("t", new StudyOptions { Sampler = new RandomSampler(seed: 1) });

    [Fact]
    public void SuggestSameNameAndRangeReturnsSameValue()
    {
        var trial = NewStudy().Ask();
        var first = trial.SuggestFloat("lr", 1e-5, 1e-1, log: true);
        Assert.Equal(first, trial.SuggestFloat("lr", 1e-5, 1e-1, log: true));
        Assert.InRange(first, 1e-5, 1e-1);
    }

    [Fact]
    public void SuggestSameNameOtherRangeFailsNamingTheParameter()
    {
        var trial = NewStudy().Ask();
        trial.SuggestInt("batch", 16, 256, step: 16);
        var e = Assert.Throws<InvalidSearchSpaceException>(() => trial.SuggestInt("batch", 16, 512, step: 16));
        Assert.Equal("batch", e.ParameterName);
        Assert.Contains("already suggested", e.Message);
        Assert.Contains("int [16, 256] step 16", e.Message);
    }

    [Fact]
    public void SuggestBadBoundsFailsNamingTheParameter()
    {
        var trial = NewStudy().Ask();
        var e = Assert.Throws<InvalidSearchSpaceException>(() => trial.SuggestFloat("lr", 0, 1, log: true));
        Assert.Contains("Parameter 'lr'", e.Message);
        Assert.Contains("low > 0", e.Message);
        Assert.Throws<InvalidSearchSpaceException>(() => trial.SuggestCategorical("algo", Array.Empty<string>()));
    }

    [Fact]
    public void SuggestPersistsEachParameterAsItIsDrawn()
    {
        var study = NewStudy();
        var trial = study.Ask();
        var algo = trial.SuggestCategorical("algo", new[] { "maml", "fomaml", "reptile" });
        var stored = study.Trials.Single();
        Assert.Equal(TrialState.Running, stored.State);
        Assert.Equal(algo, stored.Params["algo"]);
        Assert.IsType<CategoricalDistribution>(stored.Distributions["algo"]);
    }

    [Fact]
    public void SingleValueRangesReturnTheirOnlyValue()
    {
        var trial = NewStudy().Ask();
        Assert.Equal(3.5, trial.SuggestFloat("x", 3.5, 3.5));
        Assert.Equal(7, trial.SuggestInt("n", 7, 7));
        Assert.True(trial.SuggestCategorical("flag", new[] { true }));
    }

    [Fact]
    public void SetUserAttrUnsupportedTypeIsRejected()
    {
        var trial = NewStudy().Ask();
        trial.SetUserAttr("device", "cpu");
        var e = Assert.Throws<ArgumentException>(() => trial.SetUserAttr("bad", new List<int>()));
        Assert.Contains("Attribute 'bad'", e.Message);
    }

    [Fact]
    public void ReportNegativeStepIsRejected()
    {
        var trial = NewStudy().Ask();
        Assert.Throws<ArgumentOutOfRangeException>(() => trial.Report(1.0, -1));
    }

    [Fact]
    public void ReportSameStepAgainKeepsTheFirstValueAndWarns()
    {
        var log = new FakeLogger();
        var study = Study.Create("t", new StudyOptions { Sampler = new RandomSampler(seed: 1), Logger = log });
        var trial = study.Ask();
        trial.Report(0.5, 3);

        trial.Report(0.9, 3);
        // A trial resumed from storage (as 'metaopt report-value' does) knows the steps reported before.
        study.ResumeTrial(trial.Number).Report(0.7, 3);

        Assert.Equal(new Dictionary<int, double> { [3] = 0.5 }, study.Storage.GetTrial(trial.Id).IntermediateValues);
        Assert.Equal(
        [
            "trial 0 of 't' already has the value 0.5 at step 3; 0.9 was ignored (the first report of a step stands)",
            "trial 0 of 't' already has the value 0.5 at step 3; 0.7 was ignored (the first report of a step stands)",
        ], log.Collector.GetSnapshot().Select(r => r.Message));
        Assert.All(log.Collector.GetSnapshot(), r => Assert.Equal(LogLevel.Warning, r.Level));
        // The fields a structured log keeps: the trial, the study, the step and both values.
        Assert.Equal(
            [("TrialNumber", "0"), ("StudyName", "t"), ("FirstValue", "0.5"), ("Step", "3"), ("Value", "0.7")],
            log.LatestRecord.StructuredState!.Where(f => f.Key != "{OriginalFormat}").Select(f => (f.Key, f.Value)));
    }
}
