using MetaOpt.Samplers.Tpe;

namespace MetaOpt.Tests.Samplers;

/// <summary>TPE in a multi-objective study (MOTPE): the split by front and hypervolume, the weights, the search.</summary>
public class TpeMultiObjectiveTests
{
    // Fronts under minimisation: 0 = {t0, t1, t2}; 1 = {t3, t4, t5}; 2 = {t6, t7}.
    private static readonly (double F0, double F1)[] Points = [(1, 5), (2, 2), (5, 1), (3, 3), (2.5, 6), (5.5, 2.5), (7, 7), (4, 4)];

    // The hand-made set of trials (parameter x = trial number), one trial told pruned (8), one left running (9), and
    // the history TPE reads for the next trial with γ = 5; the second objective maximised holds the negated values.
    private static TpeHistory HandMadeHistory(bool maximizeSecond)
    {
        var study = Study.Create("motpe", new StudyOptions
        {
            Directions = [Direction.Minimize, maximizeSecond ? Direction.Maximize : Direction.Minimize],
            Sampler = new RandomSampler(0),
        });
        Trial Start(int x)
        {
            study.EnqueueTrial(new Dictionary<string, object> { ["x"] = (double)x });
            var trial = study.Ask();
            trial.SuggestFloat("x", 0, 100);
            return trial;
        }
        for (var i = 0; i < Points.Length; i++)
            study.Tell(Start(i), [Points[i].F0, maximizeSecond ? -Points[i].F1 : Points[i].F1]);
        study.Tell(Start(8), TrialState.Pruned);
        Start(9);
        var current = study.Ask();
        return TpeHistory.Read(study, study.Storage.GetTrial(current.Id), constantLiar: true, _ => 5);
    }

    private static double[] Xs(IEnumerable<TpeObservation> group) => group.Select(o => o.Values["x"]).ToArray();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BelowIsTheWholeFirstFrontThenTheSubsetOfTheNextFrontThatAddsTheMostHypervolume(bool maximizeSecond)
    {
        var history = HandMadeHistory(maximizeSecond);

        Assert.Equal(9, history.FinishedCount);
        // Front 1 against its reference point (5.8, 6.35): t3 covers the most (9.38); then t4 adds 0.175 and t5 0.15.
        Assert.Equal([0.0, 1, 2, 3, 4], Xs(history.Below));
        // The rest of front 1, front 2, the pruned trial (no values to rank) and, as the constant liar says, the running one.
        Assert.Equal([5.0, 6, 7, 8, 9], Xs(history.Above));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BelowTrialsWeighByTheirHypervolumeContributionOverTheLargest(bool maximizeSecond)
    {
        var history = HandMadeHistory(maximizeSecond);

        // Against the group's reference point (5.4, 6.5): t0 alone covers [1, 2) x [5, 6.5) = 1.5; t1 [2, 3) x [2, 5) and
        // [3, 5) x [2, 3) = 5; t2 [5, 5.4) x [1, 2) = 0.4; t3 and t4 are dominated (by t1 and t0) and add nothing.
        Assert.Equal([0.3, 1, 0.08, 0, 0], history.BelowWeights!, (a, b) => Math.Abs(a - b) < 1e-9);
        Assert.All(history.BelowWeights!, w => Assert.True(w > 0));
    }

    [Fact]
    public void OneObjectiveLeavesTheWeightsToTheWeightsFunction()
    {
        var study = Study.Create("one", new StudyOptions { Sampler = new RandomSampler(0) });
        study.Optimize(t => t.SuggestFloat("x", 0, 1), trials: 3);
        var history = TpeHistory.Read(study, study.Storage.GetTrial(study.Ask().Id), false, TpeSampler.DefaultGamma);
        Assert.Single(history.Below);
        Assert.Null(history.BelowWeights);
    }

    [Fact]
    public void OnZdt1MotpeBeatsRandomSearchForEverySeed()
    {
        double[] reference = [1.1, 11];
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var tpe = NsgaIISamplerTests.Run(new TpeSampler(seed), NsgaIISamplerTests.Zdt1, 100, "tpe");
            var random = NsgaIISamplerTests.Run(new RandomSampler(seed), NsgaIISamplerTests.Zdt1, 100, "random");
            double Volume(Study s) => Pareto.Hypervolume(s.BestTrials.Select(t => t.Values!), reference, NsgaIISamplerTests.MinMin);
            Assert.True(Volume(tpe) > Volume(random) + 0.5, $"seed {seed}: MOTPE {Volume(tpe):F3}, random {Volume(random):F3}");
        }
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void EveryModeIsReproducibleWithASeedAndModelsAfterTheStartUpTrials(bool multivariate, bool group)
    {
        object[][] Params(ISampler sampler) => NsgaIISamplerTests.Run(sampler, NsgaIISamplerTests.Zdt1, 25)
            .Trials.Select(t => t.Params.Values.ToArray()).ToArray();
        TpeSampler Tpe() => new(new TpeSamplerOptions { Seed = 5, Multivariate = multivariate, Group = group });

        var first = Params(Tpe());
        Assert.Equal(first, Params(Tpe()));
        var random = Params(new RandomSampler(5));
        Assert.Equal(random.Take(10), first.Take(10));
        Assert.All(Enumerable.Range(10, 15), i => Assert.NotEqual(random[i], first[i]));
    }
}
