using System.Globalization;

namespace MetaOpt.Tests.Samplers;

/// <summary>
/// The default sampler's switch: the GP for small histories, TPE by groups for large ones and for spaces dominated by
/// categorical or conditional parameters; decided from the stored trials, recorded on each trial, the same for a
/// study rebuilt from its storage.
/// </summary>
public class AutoSamplerTests
{
    private static double Bowl(Trial t) =>
        Math.Pow(t.SuggestFloat("x", -2, 2) - 0.5, 2) + Math.Pow(t.SuggestFloat("y", -2, 2) + 0.3, 2) + t.SuggestInt("n", 0, 4);

    // Four numeric parameters and one categorical: the GP's kind of space.
    private static double Mostly(Trial t) => Bowl(t) + t.SuggestFloat("z", 0, 1) + (t.SuggestCategorical("c", new[] { "a", "b" }) == "a" ? 0 : 1);

    // Three categorical parameters and one float: dominated by categoricals.
    private static double Categorical(Trial t) =>
        t.SuggestFloat("x", 0, 1) + new[] { "p", "q", "r" }.Select(n => t.SuggestCategorical(n, new[] { "a", "b", "c" }) == "a" ? 0.0 : 1.0).Sum();

    // A root choice and one parameter per branch: every parameter categorical or conditional.
    private static double Conditional(Trial t) =>
        t.SuggestCategorical("kind", new[] { "a", "b" }) == "a" ? Math.Abs(t.SuggestFloat("u", -1, 1)) : 1 + Math.Abs(t.SuggestFloat("v", -1, 1));

    // Four numeric parameters shared by all, one only in one branch: conditional, but not dominated by it.
    private static double SlightlyConditional(Trial t) =>
        Bowl(t) + t.SuggestFloat("z", 0, 1) + (t.SuggestInt("m", 0, 1) == 0 ? 0 : t.SuggestFloat("w", 0, 1));

    /// <summary>A study of <paramref name="trials"/> random trials of <paramref name="objective"/>: a fixed history.</summary>
    private static Study History(Func<Trial, double> objective, int trials)
    {
        var study = Study.Create("history", new StudyOptions { Sampler = new RandomSampler(5) });
        if (trials > 0)
            study.Optimize(objective, trials: trials);
        return study;
    }

    public static TheoryData<string, Func<Trial, double>, int, string> Histories => new()
    {
        { "no trial yet", Bowl, 0, AutoSampler.Gp },
        { "a small numeric history", Bowl, 40, AutoSampler.Gp },
        { "one short of the switch", Bowl, 199, AutoSampler.Gp },
        { "the switch", Bowl, 200, AutoSampler.Tpe },
        { "one categorical of five", Mostly, 20, AutoSampler.Gp },
        { "three categoricals of four", Categorical, 3, AutoSampler.Tpe },
        { "a conditional space", Conditional, 20, AutoSampler.Tpe },
        { "one conditional parameter of six", SlightlyConditional, 20, AutoSampler.Gp },
    };

    [Theory]
    [MemberData(nameof(Histories))]
    public void TheChoiceFollowsTheHistorysSizeAndSpace(string history, Func<Trial, double> objective, int trials, string expected)
    {
        var study = History(objective, trials);

        Assert.True(expected == new AutoSampler(1).Choose(study), history);
    }

    [Fact]
    public void AConditionalSpaceIsOnlySeenOnceBothBranchesHaveBeenTaken()
    {
        // Two trials, both of branch a: nothing is conditional yet, and one categorical of two is not more than half.
        var study = Study.Create("one-branch", new StudyOptions { Sampler = new RandomSampler(1) });
        study.EnqueueTrial(new Dictionary<string, object> { ["kind"] = "a" });
        study.EnqueueTrial(new Dictionary<string, object> { ["kind"] = "a" });
        study.Optimize(Conditional, trials: 2);
        Assert.Equal(AutoSampler.Gp, new AutoSampler(1).Choose(study));

        study.EnqueueTrial(new Dictionary<string, object> { ["kind"] = "b" });
        study.Optimize(Conditional, trials: 1);
        Assert.Equal(AutoSampler.Tpe, new AutoSampler(1).Choose(study));
    }

    [Fact]
    public void FailedAndRunningTrialsDoNotCountTowardTheSwitch()
    {
        var study = History(Bowl, 4);
        study.Optimize(_ => throw new InvalidOperationException("boom"), trials: 3, catchPolicy: CatchPolicy.All);
        study.Ask();
        var sampler = new AutoSampler(new AutoSamplerOptions { Seed = 1, GpTrials = 5 });

        Assert.Equal(AutoSampler.Gp, sampler.Choose(study));
        study.Optimize(Bowl, trials: 1);
        Assert.Equal(AutoSampler.Tpe, sampler.Choose(study));
    }

    [Fact]
    public void EachTrialRecordsTheSamplerThatProposedIt()
    {
        var study = Study.Create("recorded", new StudyOptions { Sampler = new AutoSampler(new AutoSamplerOptions { Seed = 2, GpTrials = 12 }) });

        study.Optimize(Bowl, trials: 16);

        Assert.Equal(
            Enumerable.Repeat(AutoSampler.Gp, 12).Concat(Enumerable.Repeat(AutoSampler.Tpe, 4)),
            study.Trials.Select(t => t.SystemAttrs[AutoSampler.SamplerAttr]));
    }

    [Fact]
    public void TheGpPartProposesWhatTheGpSamplerProposes()
    {
        var auto = Run(new AutoSampler(new AutoSamplerOptions { Seed = 4, GpTrials = 13 }), Bowl, 13);
        var gp = Run(new GpSampler(4), Bowl, 13);

        Assert.Equal(gp, auto);
    }

    [Fact]
    public void TheTpePartProposesWhatGroupedMultivariateTpeProposes()
    {
        var auto = Run(new AutoSampler(new AutoSamplerOptions { Seed = 4, GpTrials = 0 }), Conditional, 25);
        var tpe = Run(new TpeSampler(new TpeSamplerOptions { Seed = 4, Multivariate = true, Group = true }), Conditional, 25);

        Assert.Equal(tpe, auto);
    }

    [Fact]
    public void AStudyRebuiltFromItsStorageDecidesAndProposesAsOneUninterruptedRun()
    {
        AutoSampler Sampler() => new(new AutoSamplerOptions { Seed = 3, GpTrials = 12 });
        var whole = Study.Create("whole", new StudyOptions { Sampler = Sampler() });
        whole.Optimize(Bowl, trials: 16);

        // Stopped after 9 trials, then loaded by a new study object with a new sampler: only the storage carries over.
        var storage = new InMemoryStorage();
        Study.Create("resumed", new StudyOptions { Storage = storage, Sampler = Sampler() }).Optimize(Bowl, trials: 9);
        var resumed = Study.Load("resumed", new StudyOptions { Storage = storage, Sampler = Sampler() });
        resumed.Optimize(Bowl, trials: 7);

        Assert.Equal(Describe(whole), Describe(resumed));
        Assert.Contains(AutoSampler.Tpe, Describe(resumed), StringComparison.Ordinal);
    }

    [Fact]
    public void ConcurrentTrialsAreEachDecidedRecordedAndDistinct()
    {
        var study = Study.Create("parallel", new StudyOptions { Sampler = new AutoSampler(new AutoSamplerOptions { Seed = 6, GpTrials = 14 }) });

        study.Optimize(t =>
        {
            Thread.Sleep(5);
            return Bowl(t);
        }, trials: 30, parallelism: 4);

        var trials = study.Trials;
        Assert.Equal(30, trials.Count(t => t.State == TrialState.Complete));
        var choices = trials.Select(t => (string)t.SystemAttrs[AutoSampler.SamplerAttr]).ToList();
        Assert.All(choices, c => Assert.Contains(c, new[] { AutoSampler.Gp, AutoSampler.Tpe }));
        // Which trials near the switch get which sampler depends on the threads' timing; the first and last do not.
        Assert.Equal(AutoSampler.Gp, choices[0]);
        Assert.Equal(AutoSampler.Tpe, choices[^1]);
        Assert.Equal(30, trials.Select(t => t.ConfigurationKey).Distinct().Count());
    }

    [Fact]
    public void AStudyWithoutASamplerGetsTheAutoSampler()
    {
        var study = Study.Create("default", new StudyOptions());

        Assert.IsType<AutoSampler>(study.Sampler);
        Assert.Equal((200, 0.5), (((AutoSampler)study.Sampler).GpTrials, ((AutoSampler)study.Sampler).TpeShare));
    }

    private static string Run(ISampler sampler, Func<Trial, double> objective, int trials)
    {
        var study = Study.Create("run", new StudyOptions { Sampler = sampler });
        study.Optimize(objective, trials: trials);
        return string.Join(";", study.Trials.Select(t =>
            string.Join(",", t.Params.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}={p.Value}")))));
    }

    private static string Describe(Study study) => string.Join(";", study.Trials.Select(t =>
        t.SystemAttrs[AutoSampler.SamplerAttr] + ":" +
        string.Join(",", t.Params.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}={p.Value}")))));
}
