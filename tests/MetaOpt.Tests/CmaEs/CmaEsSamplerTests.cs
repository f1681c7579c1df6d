using MetaOpt.Samplers.CmaEs;

namespace MetaOpt.Tests.CmaEs;

public class CmaEsSamplerTests
{
    private static double[] Suggest(Trial t, int n, double low = -5, double high = 5) =>
        Enumerable.Range(0, n).Select(i => t.SuggestFloat($"x{i}", low, high)).ToArray();

    private static double Sphere(double[] x) => x.Sum(v => (v - 1) * (v - 1));

    private static double Ellipsoid(double[] x) => x.Select((v, i) => Math.Pow(1000, i / (x.Length - 1.0)) * (v - 1) * (v - 1)).Sum();

    private static double Rosenbrock(double[] x) =>
        Enumerable.Range(0, x.Length - 1).Sum(i => 100 * Math.Pow(x[i + 1] - x[i] * x[i], 2) + Math.Pow(1 - x[i], 2));

    private static double Rastrigin(double[] x) => 10 * x.Length + x.Sum(v => v * v - 10 * Math.Cos(2 * Math.PI * v));

    private static Study Run(Func<double[], double> f, int n, int trials, CmaEsSamplerOptions options, IStorage? storage = null, string name = "cma", int parallelism = 1)
    {
        var study = Study.Create(name, new StudyOptions { Sampler = new CmaEsSampler(options), Storage = storage ?? new InMemoryStorage() });
        study.Optimize(t => f(Suggest(t, n)), trials: trials, parallelism: parallelism);
        return study;
    }

    private static CmaState State(Study study, CmaEsSampler sampler, int n, bool withMargin = true) =>
        sampler.Current(study, new CmaSpace(Enumerable.Range(0, n).ToDictionary(i => $"x{i}", _ => (Distribution)new FloatDistribution(-5, 5)), withMargin));

    [Theory]
    [InlineData("sphere", 2, 150, 1e-4)]
    [InlineData("sphere", 5, 400, 1e-3)]
    [InlineData("ellipsoid", 3, 400, 1e-3)]
    [InlineData("ellipsoid", 5, 1200, 1e-2)]
    [InlineData("rosenbrock", 2, 400, 1e-4)]
    [InlineData("rosenbrock", 4, 1200, 5e-2)]
    public void ConvergesOnSmoothFunctions(string function, int n, int trials, double regret)
    {
        Func<double[], double> f = function switch { "sphere" => Sphere, "ellipsoid" => Ellipsoid, _ => Rosenbrock };
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var study = Run(f, n, trials, new CmaEsSamplerOptions { Seed = seed });
            Assert.True(study.BestValue < regret, $"{function} in {n} dimensions, seed {seed}: best {study.BestValue:E2} above {regret:E0}");
        }
    }

    [Fact]
    public void MaximisingANegatedFunctionProposesWhatMinimisingItDoes()
    {
        var minimised = Run(Rosenbrock, 3, 80, new CmaEsSamplerOptions { Seed = 6 });
        var maximised = Study.Create("max", new StudyOptions { Sampler = new CmaEsSampler(new CmaEsSamplerOptions { Seed = 6 }), Direction = Direction.Maximize });
        maximised.Optimize(t => -Rosenbrock(Suggest(t, 3)), trials: 80);

        Assert.Equal(minimised.Trials.Select(t => t.Params), maximised.Trials.Select(t => t.Params));
    }

    [Fact]
    public void SigmaShrinksAsTheSearchClosesInOnTheOptimum()
    {
        var storage = new InMemoryStorage();
        var study = Run(Sphere, 2, 60, new CmaEsSamplerOptions { Seed = 4 }, storage);
        // A fresh sampler rebuilds the state from the stored trials.
        var early = State(study, new CmaEsSampler(new CmaEsSamplerOptions { Seed = 4 }), 2);
        study.Optimize(t => Sphere(Suggest(t, 2)), trials: 120);
        var late = State(study, new CmaEsSampler(new CmaEsSamplerOptions { Seed = 4 }), 2);

        // λ = 6 for two parameters, after one independent first trial.
        Assert.Equal(9, early.Generation);
        Assert.Equal(29, late.Generation);
        Assert.InRange(early.Sigma, 1e-3, 1.0 / 6);
        Assert.True(late.Sigma < early.Sigma / 5, $"σ {late.Sigma} late, {early.Sigma} early");
        // The spread of each coordinate (σ times the covariance's scale) shrinks more still.
        Assert.All([0, 1], j => Assert.True(late.StdDev(j) < early.StdDev(j) / 20, $"coordinate {j}: {late.StdDev(j)} late, {early.StdDev(j)} early"));
        // The mean is at the optimum (x = 1 is 0.6 of the way across [-5, 5]).
        Assert.All(late.Mean, m => Assert.InRange(m, 0.595, 0.605));
    }

    [Theory]
    [InlineData(40)]
    [InlineData(42)]
    public void AResumedStudyProposesWhatAnUninterruptedOneWould(int interruptedAfter)
    {
        var options = new CmaEsSamplerOptions { Seed = 5 };
        var uninterrupted = Run(Sphere, 3, interruptedAfter + 3, options);

        var storage = new InMemoryStorage();
        Run(Sphere, 3, interruptedAfter, options, storage);
        // Another process: a new sampler and a new study object over the same storage.
        var resumed = Study.Load("cma", new StudyOptions { Storage = storage, Sampler = new CmaEsSampler(options) });
        resumed.Optimize(t => Sphere(Suggest(t, 3)), trials: 3);

        for (var number = interruptedAfter; number < interruptedAfter + 3; number++)
        {
            Assert.Equal(uninterrupted.Trials[number].Params, resumed.Trials[number].Params);
            Assert.Equal(uninterrupted.Trials[number].SystemAttrs[CmaEsSampler.GenerationAttr], resumed.Trials[number].SystemAttrs[CmaEsSampler.GenerationAttr]);
        }
        // λ = 7 for three parameters, and the first trial is drawn independently: the resumed trials are past generation 4.
        Assert.True(Convert.ToInt32(resumed.Trials[interruptedAfter].SystemAttrs[CmaEsSampler.GenerationAttr]) >= 5);
    }

    [Fact]
    public void TheMarginKeepsIntegerParametersMovingWhereTheyWouldStall()
    {
        // The continuous part dominates at first and shrinks the step size while the integers count for little; once it
        // is solved the integers decide the ranking, but without the margin every candidate rounds to the same values.
        static double Objective(Trial t)
        {
            var a = t.SuggestFloat("a", 0, 1);
            var b = t.SuggestFloat("b", 0, 1);
            var ints = Enumerable.Range(0, 4).Select(k => t.SuggestInt($"i{k}", 0, 3)).ToArray();
            return 1e3 * ((a - 0.37) * (a - 0.37) + (b - 0.61) * (b - 0.61)) + 1e-2 * ints.Sum(i => (3 - i) * (3 - i));
        }
        static string Ints(FrozenTrial t) => string.Join(",", Enumerable.Range(0, 4).Select(k => t.Params[$"i{k}"]));

        foreach (var seed in new[] { 1, 2, 3 })
        {
            var runs = new[] { true, false }.ToDictionary(margin => margin, margin =>
            {
                var study = Study.Create("margin", new StudyOptions { Sampler = new CmaEsSampler(new CmaEsSamplerOptions { Seed = seed, WithMargin = margin }) });
                study.Optimize(Objective, trials: 1500);
                return study;
            });

            Assert.Equal("3,3,3,3", Ints(runs[true].BestTrial));
            Assert.NotEqual("3,3,3,3", Ints(runs[false].BestTrial));
            // Stalled: the last hundred trials without the margin all evaluate one integer configuration.
            Assert.Single(runs[false].Trials.Skip(1400).Select(Ints).Distinct());
            Assert.True(runs[true].Trials.Skip(1400).Select(Ints).Distinct().Count() > 1);
        }
    }

    [Fact]
    public void IpopRestartsOnRastriginWithTwiceThePopulation()
    {
        var options = new CmaEsSamplerOptions { Seed = 1, RestartStrategy = CmaEsRestart.Ipop };
        var sampler = new CmaEsSampler(options);
        var study = Study.Create("ipop", new StudyOptions { Sampler = sampler });
        study.Optimize(t => Rastrigin(Suggest(t, 2, -5.12, 5.12)), trials: 1500);
        var space = new CmaSpace(Enumerable.Range(0, 2).ToDictionary(i => $"x{i}", _ => (Distribution)new FloatDistribution(-5.12, 5.12)), true);
        var state = sampler.Current(study, space);

        Assert.True(state.Restart >= 1);
        Assert.Equal(6 * (1 << state.Restart), state.Lambda);
        // Each generation of the restarted run is told with twice the first run's candidates: with one worker every
        // generation has exactly λ trials.
        var sizes = study.Trials.Skip(1).GroupBy(t => Convert.ToInt32(t.SystemAttrs[CmaEsSampler.GenerationAttr])).Select(g => g.Count()).ToList();
        Assert.Equal(6, sizes[0]);
        Assert.Contains(12, sizes);

        var without = Study.Create("none", new StudyOptions { Sampler = new CmaEsSampler(options with { RestartStrategy = CmaEsRestart.None }) });
        without.Optimize(t => Rastrigin(Suggest(t, 2, -5.12, 5.12)), trials: 1500);
        Assert.All(without.Trials.Skip(1).Select(t => Convert.ToInt32(t.SystemAttrs[CmaEsSampler.GenerationAttr])).GroupBy(g => g), g => Assert.True(g.Count() <= 6));
    }

    [Fact]
    public void AWarmStartBeginsNearTheEarlierStudysOptimum()
    {
        var storage = new InMemoryStorage();
        var source = Study.Create("earlier", new StudyOptions { Storage = storage, Sampler = new RandomSampler(3) });
        source.Optimize(t => { var x = Suggest(t, 2); return Math.Pow(x[0] - 2, 2) + Math.Pow(x[1] + 3, 2); }, trials: 100);

        Study Target(string name, WarmStart? warm)
        {
            var study = Study.Create(name, new StudyOptions { Storage = storage, Sampler = new CmaEsSampler(7), WarmStartFrom = warm });
            study.Optimize(t => { var x = Suggest(t, 2); return Math.Pow(x[0] - 2.2, 2) + Math.Pow(x[1] + 2.9, 2); }, trials: 6);
            return study;
        }
        var warm = Target("warm", WarmStart.From("earlier"));
        var cold = Target("cold", null);

        // The warm study's first generation (every trial, the first included) is drawn around the earlier optimum.
        Assert.All(warm.Trials, t => Assert.True(t.SystemAttrs.ContainsKey(CmaEsSampler.GenerationAttr)));
        Assert.InRange(warm.Trials.Average(t => (double)t.Params["x0"]), 1, 3);
        Assert.InRange(warm.Trials.Average(t => (double)t.Params["x1"]), -4, -2);
        Assert.True(warm.BestValue < 1, $"warm best {warm.BestValue}");
        Assert.True(cold.BestValue > 2 * warm.BestValue, $"cold best {cold.BestValue}, warm {warm.BestValue}");
        var state = State(warm, new CmaEsSampler(7), 2);
        Assert.InRange(state.Sigma, 0, 1.0 / 6);
    }

    [Fact]
    public void CategoricalParametersGoToTheIndependentSampler()
    {
        var spy = new SpySampler();
        var study = Study.Create("mixed", new StudyOptions { Sampler = new CmaEsSampler(new CmaEsSamplerOptions { Seed = 2, IndependentSampler = spy }) });
        study.Optimize(t => Sphere(Suggest(t, 2)) + (t.SuggestCategorical("c", ["a", "b"]) == "a" ? 0 : 1), trials: 30);

        // The first trial has no searched space yet; after it, only the categorical is left to the independent sampler.
        Assert.Equal(["c", "x0", "x1"], spy.Asked.Where(a => a.Number == 0).Select(a => a.Name).Order());
        Assert.All(spy.Asked.Where(a => a.Number > 0), a => Assert.Equal("c", a.Name));
        Assert.Equal(29, spy.Asked.Count(a => a.Number > 0));
        Assert.All(study.Trials.Skip(1), t => Assert.True(t.SystemAttrs.ContainsKey(CmaEsSampler.PointAttr)));
    }

    [Fact]
    public void ParallelWorkersConvergeAndEveryTrialKeepsItsGeneration()
    {
        var study = Run(Sphere, 3, 300, new CmaEsSamplerOptions { Seed = 9 }, parallelism: 4);

        Assert.True(study.BestValue < 1e-2, $"best {study.BestValue}");
        Assert.All(study.Trials.Skip(4), t => Assert.True(t.SystemAttrs.ContainsKey(CmaEsSampler.GenerationAttr)));
        // Trials drawn while a generation waited for its slowest member make some generations larger than λ, never smaller.
        var sizes = study.Trials.Where(t => t.SystemAttrs.ContainsKey(CmaEsSampler.GenerationAttr))
            .GroupBy(t => Convert.ToInt32(t.SystemAttrs[CmaEsSampler.GenerationAttr])).OrderBy(g => g.Key).Select(g => g.Count()).ToList();
        Assert.All(sizes.SkipLast(1), size => Assert.True(size >= 7));
    }

    [Fact]
    public void IntegerStepAndLogParametersStayOnTheirGrids()
    {
        var study = Study.Create("kinds", new StudyOptions { Sampler = new CmaEsSampler(3) });
        study.Optimize(t => Samplers.SamplerSpace.Objective(t), trials: 120);

        Assert.All(study.Trials, Samplers.SamplerSpace.AssertInSpace);
        Assert.True(study.BestValue < 0.5, $"best {study.BestValue}");
    }

    private sealed class SpySampler : ISampler
    {
        private readonly RandomSampler _random = new(1);

        public List<(int Number, string Name)> Asked { get; } = [];

        public double SampleIndependent(Study study, FrozenTrial trial, string name, Distribution distribution)
        {
            lock (Asked)
                Asked.Add((trial.Number, name));
            return _random.SampleIndependent(study, trial, name, distribution);
        }
    }
}
