using System.Globalization;

namespace MetaOpt.Tests.Samplers;

public class NsgaIISamplerTests
{
    internal static readonly Direction[] MinMin = [Direction.Minimize, Direction.Minimize];

    private static int Generation(FrozenTrial t) => Convert.ToInt32(t.SystemAttrs[NsgaIISampler.GenerationAttr], CultureInfo.InvariantCulture);

    internal static IReadOnlyList<double> Zdt1(Trial t)
    {
        var x = Enumerable.Range(0, 10).Select(i => t.SuggestFloat($"x{i}", 0, 1)).ToArray();
        var g = 1 + 9 * x.Skip(1).Sum() / 9;
        return [x[0], g * (1 - Math.Sqrt(x[0] / g))];
    }

    internal static Study Run(ISampler sampler, Func<Trial, IReadOnlyList<double>> objective, int trials, string name = "mo")
    {
        var study = Study.Create(name, new StudyOptions { Directions = MinMin, Sampler = sampler });
        study.OptimizeObjectives(objective, trials: trials);
        return study;
    }

    [Fact]
    public void GenerationsAreFilledWithCompleteTrialsInOrder()
    {
        var study = Run(new NsgaIISampler(new NsgaIISamplerOptions { Seed = 1, PopulationSize = 4 }),
            t =>
            {
                var x = t.SuggestFloat("x", 0, 1);
                // A failed trial does not count toward its generation, which takes one more.
                return t.Number == 2 ? throw new InvalidOperationException("boom") : [x, 1 - x];
            }, 13);
        Assert.Equal([0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2], study.Trials.Select(Generation));
    }

    [Fact]
    public void RunningTrialsBelongToTheGenerationBeingBuilt()
    {
        var study = Study.Create("mo", new StudyOptions { Directions = MinMin, Sampler = new NsgaIISampler(new NsgaIISamplerOptions { Seed = 1, PopulationSize = 2 }) });
        var first = Enumerable.Range(0, 3).Select(_ => study.Ask()).ToList();
        foreach (var trial in first.Take(2))
            study.Tell(trial, [trial.SuggestFloat("x", 0, 1), 1.0]);
        var next = study.Ask();
        study.Tell(first[2], [first[2].SuggestFloat("x", 0, 1), 0.5]);

        Assert.Equal([0, 0, 0, 1], study.Trials.Select(Generation));
        // Told late, trial 2 still joins generation 0: three candidates for the next parents.
        var sampler = (NsgaIISampler)study.Sampler;
        var (generation, parents) = sampler.Parents(study, study.Trials, int.MaxValue);
        Assert.Equal(1, generation);
        Assert.Equal(2, parents.Count);
        Assert.Contains(parents, p => p.Trial.Number == 2);
        study.Tell(next, [0.5, 0.5]);
    }

    [Fact]
    public void EliteFillsWholeFrontsThenTheLoneliestOfTheNext()
    {
        double[][] values = [[1, 4], [2, 2], [4, 1], [1.5, 5], [2.5, 3.5], [3, 3], [5, 1.5], [6, 6]];
        var trials = values.Select((v, i) => new FrozenTrial { Id = i, Number = i, State = TrialState.Complete, Values = v }).ToList();

        var elite = NsgaIISampler.Elite(trials, MinMin, 6);

        // Front 0 is trials 0-2; of front 1 (3-6) the two ends (infinite distance) and trial 5 (1.29 against 1.0 for trial 4).
        Assert.Equal([0, 1, 2, 3, 6, 5], elite.Select(m => m.Trial.Number));
        Assert.Equal([0, 0, 0, 1, 1, 1], elite.Select(m => m.Rank));
        Assert.Equal(9.0 / 7, elite[5].Crowding, 12);
    }

    [Fact]
    public void ASeededRunIsReproducibleAndAnotherSeedDrawsOtherwise()
    {
        Study Seeded(int seed) => Run(new NsgaIISampler(new NsgaIISamplerOptions { Seed = seed, PopulationSize = 6 }), Zdt1, 24);
        var a = Seeded(3).Trials.Select(t => t.Params).ToList();
        var b = Seeded(3).Trials.Select(t => t.Params).ToList();
        var c = Seeded(4).Trials.Select(t => t.Params).ToList();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void ChildrenKeepIntegersStepsLogScalesAndChoicesAndInheritTheirParentsGenes()
    {
        var study = Run(new NsgaIISampler(new NsgaIISamplerOptions { Seed = 2, PopulationSize = 8 }), t =>
        {
            var n = t.SuggestInt("n", 1, 9, step: 2);
            var lr = t.SuggestFloat("lr", 1e-4, 1, log: true);
            var width = t.SuggestFloat("width", 0, 1, step: 0.25);
            var algo = t.SuggestCategorical("algo", ["a", "b", "c"]);
            return [n + width, Math.Abs(Math.Log10(lr) + 2) + (algo == "b" ? 0 : 1)];
        }, 40);
        var children = study.Trials.Where(t => Generation(t) > 0).ToList();
        Assert.NotEmpty(children);
        Assert.All(children, t =>
        {
            Assert.Contains((int)t.Params["n"], new[] { 1, 3, 5, 7, 9 });
            Assert.InRange((double)t.Params["lr"], 1e-4, 1);
            Assert.Contains((double)t.Params["width"], new[] { 0, 0.25, 0.5, 0.75, 1 });
            Assert.Contains((string)t.Params["algo"], new[] { "a", "b", "c" });
        });
        // Selection pressure: the children favour the choice that lowers the second objective.
        Assert.True(children.Count(t => (string)t.Params["algo"] == "b") > children.Count / 2,
            string.Join(",", children.Select(t => t.Params["algo"])));
    }

    [Fact]
    public void OnZdt1TheHypervolumeBeatsRandomSearchForEverySeed()
    {
        // A reference far enough out that random search's front counts too (after 300 trials neither reaches g = 1.1).
        double[] reference = [1.1, 11];
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var nsga = Run(new NsgaIISampler(new NsgaIISamplerOptions { Seed = seed, PopulationSize = 20 }), Zdt1, 300, "nsga");
            var random = Run(new RandomSampler(seed), Zdt1, 300, "random");
            double Volume(Study s) => Pareto.Hypervolume(s.BestTrials.Select(t => t.Values!), reference, MinMin);
            Assert.True(Volume(nsga) > Volume(random) + 0.5, $"seed {seed}: NSGA-II {Volume(nsga):F3}, random {Volume(random):F3}");
        }
    }

    [Fact]
    public void CompleteTrialsWithoutAGenerationAreTheFirstParents()
    {
        // Twenty trials another sampler proposed (as the auto sampler's MOTPE does), then NSGA-II takes the study over.
        var storage = new InMemoryStorage();
        var earlier = Study.Create("handover", new StudyOptions { Directions = MinMin, Sampler = new RandomSampler(2), Storage = storage });
        earlier.OptimizeObjectives(Zdt1, trials: 20);
        var nsga = new NsgaIISampler(new NsgaIISamplerOptions { Seed = 2, PopulationSize = 8 });
        var study = Study.Load("handover", new StudyOptions { Directions = MinMin, Sampler = nsga, Storage = storage });

        var (generation, parents) = nsga.Parents(study, study.Trials, int.MaxValue);

        Assert.Equal(0, generation);
        Assert.Equal(NsgaIISampler.Elite(earlier.Trials, MinMin, 8).Select(m => m.Trial.Number), parents.Select(p => p.Trial.Number));
        var child = study.Ask();
        var bred = nsga.SampleRelative(study, study.Storage.GetTrial(child.Id), nsga.InferRelativeSearchSpace(study, study.Storage.GetTrial(child.Id)));
        Assert.Equal(10, bred.Count); // bred from those parents, not drawn at random as a first generation is
    }

    [Fact]
    public void ConstraintsAreStoredAndSelectionKeepsToTheFeasibleRegion()
    {
        // ZDT1's trade-off, but only x0 >= 0.6 is feasible: the unconstrained front lies mostly outside it.
        Study Constrained(bool constrained) => Run(new NsgaIISampler(new NsgaIISamplerOptions
        {
            Seed = 4, PopulationSize = 10,
            Constraints = constrained ? t => [0.6 - (double)t.Params["x0"]] : null,
        }), Zdt1, 80, constrained ? "constrained" : "free");
        double FeasibleShare(Study s, int from) =>
            s.Trials.Skip(from).Count(t => (double)t.Params["x0"] >= 0.6) / (double)(s.Trials.Count - from);

        var constrained = Constrained(true);
        var free = Constrained(false);

        Assert.All(constrained.Trials, t => Assert.Equal(
            (0.6 - (double)t.Params["x0"]).ToString("R", CultureInfo.InvariantCulture), t.SystemAttrs[NsgaIISampler.ConstraintsAttr]));
        Assert.DoesNotContain(free.Trials, t => t.SystemAttrs.ContainsKey(NsgaIISampler.ConstraintsAttr));
        var sampler = (NsgaIISampler)constrained.Sampler;
        var (_, parents) = sampler.Parents(constrained, constrained.Trials, int.MaxValue);
        Assert.All(parents, p => Assert.True((double)p.Trial.Params["x0"] >= 0.6, $"parent {p.Trial.Number}"));
        Assert.True(FeasibleShare(constrained, 40) > FeasibleShare(free, 40) + 0.2,
            $"feasible share of the last 40 trials: constrained {FeasibleShare(constrained, 40):F2}, free {FeasibleShare(free, 40):F2}");
    }

    [Fact]
    public void AConstraintsFunctionReturningNaNStopsTheStudyNamingTheTrial()
    {
        var sampler = new NsgaIISampler(new NsgaIISamplerOptions { Seed = 1, Constraints = _ => [double.NaN] });
        var e = Assert.Throws<InvalidOperationException>(() => Run(sampler, Zdt1, 2));
        Assert.Contains("Trial 0: NsgaIISamplerOptions.Constraints returned (NaN)", e.Message);
    }

    [Fact]
    public void WithOneObjectiveItMinimises()
    {
        var study = Study.Create("one", new StudyOptions { Sampler = new NsgaIISampler(new NsgaIISamplerOptions { Seed = 1, PopulationSize = 10 }) });
        study.Optimize(t => Enumerable.Range(0, 3).Sum(i => Math.Pow(t.SuggestFloat($"x{i}", -5, 5) - 1, 2)), trials: 150);
        var firstGeneration = study.Trials.Take(10).Min(t => t.Value!.Value);
        Assert.True(study.BestValue < firstGeneration / 10, $"best {study.BestValue}, first generation's best {firstGeneration}");
    }

    [Fact]
    public void APopulationBelowTwoIsRefusedByName() =>
        Assert.Equal("PopulationSize", Assert.Throws<ArgumentOutOfRangeException>(() => new NsgaIISampler(new NsgaIISamplerOptions { PopulationSize = 1 })).ParamName);

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void AProbabilityOutsideZeroToOneIsRefusedByName(double probability) =>
        Assert.Equal("CrossoverProbability", Assert.Throws<ArgumentOutOfRangeException>(() => new NsgaIISampler(new NsgaIISamplerOptions { CrossoverProbability = probability })).ParamName);

    [Fact]
    public void SimulatedBinaryCrossoverAndPolynomialMutationStayInsideTheBounds()
    {
        var random = new Random(5);
        for (var i = 0; i < 2000; i++)
        {
            double a = random.NextDouble(), b = random.NextDouble();
            Assert.InRange(NsgaIISampler.SimulatedBinaryCrossover(a, b, 0, 1, 20, random), 0, 1);
            Assert.InRange(NsgaIISampler.PolynomialMutation(a, 0, 1, 20, random), 0, 1);
        }
        // Equal parents give their gene back.
        Assert.Equal(0.3, NsgaIISampler.SimulatedBinaryCrossover(0.3, 0.3, 0, 1, 20, random));
    }
}
