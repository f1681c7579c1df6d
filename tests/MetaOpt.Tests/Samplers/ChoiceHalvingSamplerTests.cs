namespace MetaOpt.Tests.Samplers;

public class ChoiceHalvingSamplerTests
{
    private static readonly string[] Arms = ["a", "b", "c", "d"];

    // Arm c is best, then a, then d, then b, whatever x is: the halving's ranks are fixed.
    private static double Objective(Trial trial)
    {
        var arm = trial.SuggestCategorical("arm", Arms);
        var offset = arm switch { "c" => 0.0, "a" => 10.0, "d" => 20.0, _ => 30.0 };
        return offset + trial.SuggestFloat("x", 0, 1);
    }

    private static Dictionary<string, int> Counts(Study study) =>
        Arms.ToDictionary(a => a, a => study.Trials.Count(t => (string)t.Params["arm"] == a));

    private static ChoiceHalvingSampler.ChoiceTally[] Tally(int[] counts, double?[] best) =>
        counts.Select((n, c) => new ChoiceHalvingSampler.ChoiceTally(n, best[c], best[c] is not null)).ToArray();

    [Fact]
    public void EachRoundFillsItsQuotaThenTheBetterHalfGoesOnWithTwice()
    {
        var none = new double?[4];
        Assert.Equal(0, ChoiceHalvingSampler.Allocate(Tally([0, 0, 0, 0], none), 2));
        Assert.Equal(2, ChoiceHalvingSampler.Allocate(Tally([2, 2, 1, 2], none), 2));
        // Round one done: the better half (choices 1 and 3) goes on to 4 each, the one with fewer trials first.
        Assert.Equal(3, ChoiceHalvingSampler.Allocate(Tally([2, 3, 2, 2], [5.0, 1.0, 9.0, 2.0]), 2));
        // Round two done: the better of those two gets every trial after that.
        Assert.Equal(1, ChoiceHalvingSampler.Allocate(Tally([2, 4, 2, 4], [5.0, 1.0, 9.0, 2.0]), 2));
        Assert.Equal(1, ChoiceHalvingSampler.Allocate(Tally([2, 40, 2, 4], [5.0, 1.0, 9.0, 2.0]), 2));
        // Ranks are read afresh at each decision: the other survivor, now better, takes the lead up to its quota.
        Assert.Equal(3, ChoiceHalvingSampler.Allocate(Tally([2, 40, 2, 4], [5.0, 1.0, 9.0, 0.5]), 2));
        // A choice with no complete trial ranks last; ties go to the first in order.
        Assert.Equal(2, ChoiceHalvingSampler.Allocate(Tally([3, 2, 2, 2], [null, null, 3.0, null]), 2));
    }

    [Fact]
    public void OnlyPrunedTrialsRankAfterAnyCompleteOneAndBeforeNone()
    {
        ChoiceHalvingSampler.ChoiceTally[] tally =
        [
            new(2), // failed twice: nothing to rank by
            new(2, 0.1), // pruned twice: its best last report is low, but no trial of it completed
            new(2, 7.0, true),
            new(2, 3.0, true),
        ];
        // The better half: the two choices with complete trials; the next trial goes to the first of them.
        Assert.Equal(2, ChoiceHalvingSampler.Allocate(tally, 2));
        Assert.Equal(3, ChoiceHalvingSampler.Allocate([tally[0], tally[1], tally[2] with { Count = 4 }, tally[3]], 2));
        // Among choices without a complete trial, the pruned one beats the failed one.
        Assert.Equal(1, ChoiceHalvingSampler.Allocate([new(4), new(4, 0.1), new(2), new(2)], 2));
        Assert.Equal(0, ChoiceHalvingSampler.Allocate([new(4), new(4), new(2), new(2)], 2));
        Assert.Equal(0, ChoiceHalvingSampler.Allocate([new(2), new(2), new(2), new(2)], 2));
    }

    [Fact]
    public void PrunedAndFailedTrialsFillTheQuotaAndRankAsTheySay()
    {
        var study = Study.Create("halving", new StudyOptions { Sampler = new ChoiceHalvingSampler(new RandomSampler(5), "arm", trialsPerChoice: 1) });
        void Run(string expected, TrialState state)
        {
            var trial = study.Ask();
            Assert.Equal(expected, trial.SuggestCategorical("arm", Arms));
            trial.Report(expected == "d" ? 5.0 : 1.0, 0);
            if (state == TrialState.Complete)
                study.Tell(trial, expected == "c" ? 2.0 : 3.0);
            else
                study.Tell(trial, state);
        }
        Run("a", TrialState.Failed);
        Run("b", TrialState.Pruned);
        Run("c", TrialState.Complete);
        Run("d", TrialState.Complete);
        // c (2.0) and d (3.0) completed: they go on; the pruned b and the failed a do not.
        Run("c", TrialState.Complete);
        Run("d", TrialState.Complete);
        Run("c", TrialState.Complete);
    }

    [Fact]
    public void TheBudgetGoesToTheBestChoiceByRounds()
    {
        var study = Study.Create("halving", new StudyOptions { Sampler = new ChoiceHalvingSampler(new RandomSampler(1), "arm", trialsPerChoice: 3) });
        study.Optimize(Objective, trials: 30);
        // 4 × 3, then c and a to 6 each, then c to 12, then every other trial to c.
        Assert.Equal(new Dictionary<string, int> { ["a"] = 6, ["b"] = 3, ["c"] = 18, ["d"] = 3 }, Counts(study));
        Assert.Equal(["a", "b", "c", "d"], study.Trials.Take(4).Select(t => (string)t.Params["arm"]));
    }

    [Fact]
    public void RunningTrialsFillTheirChoicesQuotaEnqueuedOnesDoNot()
    {
        var study = Study.Create("halving", new StudyOptions { Sampler = new ChoiceHalvingSampler(new RandomSampler(2), "arm", trialsPerChoice: 1) });
        study.EnqueueTrial(new Dictionary<string, object> { ["arm"] = "a" });
        var enqueued = study.Ask();
        Objective(enqueued);
        var first = study.Ask();
        Assert.Equal("a", first.SuggestCategorical("arm", Arms));
        var second = study.Ask();
        Assert.Equal("b", second.SuggestCategorical("arm", Arms));
    }

    [Fact]
    public void ARepeatedConfigurationRanksItsChoiceByItsMeanNotByItsLuckiestValue()
    {
        var study = Study.Create("halving", new StudyOptions { Sampler = new ChoiceHalvingSampler(new RandomSampler(5), "arm", trialsPerChoice: 1) });
        string[] arms = ["a", "b"];
        Trial Next(string expected)
        {
            var trial = study.Ask();
            Assert.Equal(expected, trial.SuggestCategorical("arm", arms));
            trial.SuggestFloat("x", 0, 1);
            return trial;
        }
        var a = Next("a");
        study.Tell(a, 1.0);
        study.Tell(Next("b"), 0.7);
        // Two repeats of a's configuration (enqueued: they rank its choice but fill no quota): a lucky 0.2 and a 1.2.
        var configuration = study.Trials[a.Number].Params;
        foreach (var value in new[] { 0.2, 1.2 })
        {
            study.EnqueueTrial(configuration);
            study.Tell(Next("a"), value);
        }
        // a's configuration has mean 0.8, worse than b's 0.7, though its best value 0.2 is the best of all.
        Assert.Equal(0.2, study.BestValue);
        Next("b");
    }

    [Fact]
    public void MaximisingKeepsTheLargestValues()
    {
        var study = Study.Create("halving", new StudyOptions
        {
            Direction = Direction.Maximize,
            Sampler = new ChoiceHalvingSampler(new RandomSampler(3), "arm", trialsPerChoice: 1),
        });
        study.Optimize(Objective, trials: 12);
        // b is the best when maximising: 1 each, b and d to 2, b to 4, then b.
        Assert.Equal(new Dictionary<string, int> { ["a"] = 1, ["b"] = 8, ["c"] = 1, ["d"] = 2 }, Counts(study));
    }

    [Fact]
    public void WithTpeByGroupsTheOtherParametersAreStillModelled()
    {
        var sampler = new ChoiceHalvingSampler(new TpeSampler(new TpeSamplerOptions { Seed = 4, Multivariate = true, Group = true }), "arm", trialsPerChoice: 2);
        var study = Study.Create("halving", new StudyOptions { Sampler = sampler });
        study.Optimize(Objective, trials: 40);
        Assert.Equal("c", study.BestParams["arm"]);
        Assert.True(study.BestValue < 0.05, $"best {study.BestValue}");
    }

    // Records the trial each relative sample was asked for.
    private sealed class RelativeSpy : ISampler
    {
        public List<FrozenTrial> Seen { get; } = [];

        public IReadOnlyDictionary<string, Distribution> InferRelativeSearchSpace(Study study, FrozenTrial trial) =>
            new Dictionary<string, Distribution> { ["arm"] = new CategoricalDistribution(Arms), ["x"] = new FloatDistribution(0, 1) };

        public IReadOnlyDictionary<string, double> SampleRelative(Study study, FrozenTrial trial, IReadOnlyDictionary<string, Distribution> searchSpace)
        {
            Seen.Add(trial);
            return new Dictionary<string, double> { ["arm"] = 3, ["x"] = 0.5 };
        }

        public double SampleIndependent(Study study, FrozenTrial trial, string name, Distribution distribution) => 0;
    }

    [Fact]
    public void TheWrappedSamplerSeesTheChoiceAsAFixedParameterAndOtherWorkersSeeItAtOnce()
    {
        var spy = new RelativeSpy();
        var study = Study.Create("halving", new StudyOptions { Sampler = new ChoiceHalvingSampler(spy, "arm", trialsPerChoice: 1) });
        var first = study.Ask();
        Assert.Equal(0.5, first.SuggestFloat("x", 0, 1));
        // The choice is stored before the trial suggests it, so the next decision counts it.
        Assert.Equal(0, study.Storage.GetTrial(first.Id).SystemAttrs["halving:arm"]);
        Assert.Equal("a", spy.Seen[^1].FixedParams["arm"]);
        var second = study.Ask();
        Assert.Equal("b", second.SuggestCategorical("arm", Arms));
        Assert.Equal("b", spy.Seen[^1].FixedParams["arm"]);
        Assert.Equal("a", first.SuggestCategorical("arm", Arms));
    }

    [Fact]
    public void BadArgumentsAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChoiceHalvingSampler(new RandomSampler(0), "arm", 0));
        Assert.Throws<ArgumentException>(() => new ChoiceHalvingSampler(new RandomSampler(0), "", 1));
    }
}
