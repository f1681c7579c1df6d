using System.Globalization;
using MetaOpt.Samplers.Gp;

namespace MetaOpt.Tests.Samplers;

public class NelderMeadSamplerTests
{
    private static double[] Suggest(Trial t, int n, double low = -5, double high = 5) =>
        Enumerable.Range(0, n).Select(i => t.SuggestFloat($"x{i}", low, high)).ToArray();

    private static double Sphere(double[] x) => x.Sum(v => (v - 1) * (v - 1));

    private static double Rosenbrock(double[] x) =>
        Enumerable.Range(0, x.Length - 1).Sum(i => 100 * Math.Pow(x[i + 1] - x[i] * x[i], 2) + Math.Pow(1 - x[i], 2));

    private static double Rastrigin(double[] x) => 10 * x.Length + x.Sum(v => v * v - 10 * Math.Cos(2 * Math.PI * v));

    private static Study Run(Func<double[], double> f, int n, int trials, NelderMeadSamplerOptions options, IStorage? storage = null, string name = "nm", int parallelism = 1)
    {
        var study = Study.Create(name, new StudyOptions { Sampler = new NelderMeadSampler(options), Storage = storage ?? new InMemoryStorage() });
        study.Optimize(t => f(Suggest(t, n)), trials: trials, parallelism: parallelism);
        return study;
    }

    private static int Step(FrozenTrial t) => Convert.ToInt32(t.SystemAttrs[NelderMeadSampler.StepAttr], CultureInfo.InvariantCulture);

    private static double[] Point(FrozenTrial t) =>
        ((string)t.SystemAttrs[NelderMeadSampler.PointAttr]).Split(';').Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray();

    [Theory]
    [InlineData("sphere", 2, 150, 1e-6)]
    [InlineData("sphere", 5, 600, 1e-4)]
    [InlineData("rosenbrock", 2, 400, 1e-4)]
    [InlineData("rosenbrock", 4, 1500, 1e-1)]
    public void ConvergesOnSmoothFunctions(string function, int n, int trials, double regret)
    {
        Func<double[], double> f = function == "sphere" ? Sphere : Rosenbrock;
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var study = Run(f, n, trials, new NelderMeadSamplerOptions { Seed = seed });
            Assert.True(study.BestValue < regret, $"{function} in {n} dimensions, seed {seed}: best {study.BestValue:E2} above {regret:E0}");
        }
    }

    [Fact]
    public void TheFirstQueriesAreTheInitialSimplex()
    {
        var study = Run(Sphere, 3, 5, new NelderMeadSamplerOptions { Seed = 2, InitialSize = 0.2 });

        // The first trial is drawn independently, before the space is known; then the start and one vertex per axis.
        Assert.False(study.Trials[0].SystemAttrs.ContainsKey(NelderMeadSampler.StepAttr));
        Assert.Equal([0, 1, 2, 3], study.Trials.Skip(1).Select(Step));
        var start = Point(study.Trials[1]);
        for (var j = 0; j < 3; j++)
        {
            var vertex = Point(study.Trials[2 + j]);
            Assert.Equal(0.2, Math.Abs(vertex[j] - start[j]), 12);
            Assert.All(Enumerable.Range(0, 3).Where(k => k != j), k => Assert.Equal(start[k], vertex[k]));
        }
    }

    [Fact]
    public void ItRestartsOnAMultimodalFunctionAndFindsABetterBasin()
    {
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var sampler = new NelderMeadSampler(new NelderMeadSamplerOptions { Seed = seed });
            var study = Study.Create("rastrigin", new StudyOptions { Sampler = sampler });
            study.Optimize(t => Rastrigin(Suggest(t, 2, -5.12, 5.12)), trials: 1500);
            var (search, _) = sampler.Replay(study, new UnitCubeSpace(study.Trials[^1].Distributions), study.Trials.Count);

            Assert.True(search.Restarts >= 5, $"seed {seed}: {search.Restarts} restarts");
            Assert.True(study.BestValue < 1, $"seed {seed}: best {study.BestValue}");
        }
    }

    [Fact]
    public void ProbabilisticRestartsStartFartherFromEarlierStartsThanUniformOnes()
    {
        // The mean distance from each restart's start to the nearest earlier start, over seeds.
        double Spread(NelderMeadRestart restart) => new[] { 1, 2, 3, 4, 5 }.Average(seed =>
        {
            var study = Run(x => Rastrigin(x.Select(v => v * 1.024).ToArray()), 2, 600, new NelderMeadSamplerOptions { Seed = seed, Restart = restart, StallIterations = 5 });
            var starts = study.Trials.Where(t => t.SystemAttrs.ContainsKey(NelderMeadSampler.StepAttr) && Step(t) >= 0)
                .GroupBy(Step).Select(g => g.First()).ToList();
            // A start is the first vertex of a simplex: the point three queries before the next start, found by replay.
            var firsts = starts.Where((t, i) => i == 0 || IsStart(study, t)).Select(Point).ToList();
            return firsts.Skip(1).Select((p, i) => firsts.Take(i + 1).Min(q => Math.Sqrt(p.Zip(q, (a, b) => (a - b) * (a - b)).Sum()))).Average();
        });

        Assert.True(Spread(NelderMeadRestart.Probabilistic) > 1.2 * Spread(NelderMeadRestart.Uniform),
            $"probabilistic {Spread(NelderMeadRestart.Probabilistic)}, uniform {Spread(NelderMeadRestart.Uniform)}");
    }

    // Whether the trial is the first vertex of a simplex: the next two queries differ from it along exactly one axis each.
    private static bool IsStart(Study study, FrozenTrial t)
    {
        var step = Step(t);
        var next = study.Trials.Where(o => o.SystemAttrs.ContainsKey(NelderMeadSampler.StepAttr)).Where(o => Step(o) == step + 1 || Step(o) == step + 2).Select(Point).ToList();
        var x = Point(t);
        return next.Count == 2 && next[0][0] != x[0] && next[0][1] == x[1] && next[1][0] == x[0] && next[1][1] != x[1]
               && Math.Abs(Math.Abs(next[0][0] - x[0]) - 0.1) < 1e-12 && Math.Abs(Math.Abs(next[1][1] - x[1]) - 0.1) < 1e-12;
    }

    [Theory]
    [InlineData(20)]
    [InlineData(57)]
    public void AResumedStudyProposesWhatAnUninterruptedOneWould(int interruptedAfter)
    {
        var options = new NelderMeadSamplerOptions { Seed = 5 };
        var uninterrupted = Run(Rosenbrock, 3, interruptedAfter + 3, options);

        var storage = new InMemoryStorage();
        Run(Rosenbrock, 3, interruptedAfter, options, storage);
        var resumed = Study.Load("nm", new StudyOptions { Storage = storage, Sampler = new NelderMeadSampler(options) });
        resumed.Optimize(t => Rosenbrock(Suggest(t, 3)), trials: 3);

        for (var number = interruptedAfter; number < interruptedAfter + 3; number++)
        {
            Assert.Equal(uninterrupted.Trials[number].Params, resumed.Trials[number].Params);
            Assert.Equal(Step(uninterrupted.Trials[number]), Step(resumed.Trials[number]));
        }
    }

    [Fact]
    public void WithOneWorkerEveryTrialAnswersTheNextQuery()
    {
        var study = Run(Rosenbrock, 2, 200, new NelderMeadSamplerOptions { Seed = 7 });

        Assert.Equal(Enumerable.Range(0, 199), study.Trials.Skip(1).Select(Step));
    }

    [Fact]
    public void ParallelWorkersTakeEachQueryOnceAndExploreWhileTheSimplexWaits()
    {
        var study = Run(Sphere, 3, 300, new NelderMeadSamplerOptions { Seed = 9 }, parallelism: 4);

        var steps = study.Trials.Where(t => t.SystemAttrs.ContainsKey(NelderMeadSampler.StepAttr)).Select(Step).ToList();
        var queries = steps.Where(s => s >= 0).Order().ToList();
        // No query is taken twice within one process, and none is skipped.
        Assert.Equal(Enumerable.Range(0, queries.Count), queries);
        Assert.Contains(-1, steps);
        Assert.True(study.BestValue < 1e-3, $"best {study.BestValue}");
    }

    [Fact]
    public void AFailedTrialIsTheWorstAnswerAndTheSearchGoesOn()
    {
        var study = Study.Create("fails", new StudyOptions { Sampler = new NelderMeadSampler(3) });
        study.Optimize(t =>
        {
            var x = Suggest(t, 2);
            return x[0] > 2 ? throw new InvalidOperationException("no value past 2") : Sphere(x);
        }, trials: 200);

        Assert.Contains(study.Trials, t => t.State == TrialState.Failed && t.SystemAttrs.ContainsKey(NelderMeadSampler.StepAttr));
        Assert.Equal(Enumerable.Range(0, 199), study.Trials.Skip(1).Select(Step));
        Assert.True(study.BestValue < 1e-4, $"best {study.BestValue}");
    }

    [Fact]
    public void PointsStayInsideTheBounds()
    {
        // The optimum is on the upper bound of x0: the simplex pushes against it.
        var study = Study.Create("wall", new StudyOptions { Sampler = new NelderMeadSampler(4) });
        study.Optimize(t => { var x = Suggest(t, 2); return Math.Pow(x[0] - 7, 2) + Math.Pow(x[1], 2); }, trials: 200);

        Assert.All(study.Trials.Skip(1), t => Assert.All(Point(t), u => Assert.InRange(u, 0, 1)));
        Assert.All(study.Trials, t => Assert.All(t.Params.Values, v => Assert.InRange((double)v, -5, 5)));
        Assert.Equal(5, (double)study.BestTrial.Params["x0"], 6);
    }

    [Fact]
    public void TheSameSeedGivesTheSameTrials()
    {
        var a = Run(Rastrigin, 2, 300, new NelderMeadSamplerOptions { Seed = 8 });
        var b = Run(Rastrigin, 2, 300, new NelderMeadSamplerOptions { Seed = 8 });
        var c = Run(Rastrigin, 2, 300, new NelderMeadSamplerOptions { Seed = 9 });

        Assert.Equal(a.Trials.Select(t => t.Params), b.Trials.Select(t => t.Params));
        Assert.NotEqual(a.Trials.Skip(1).Select(t => t.Params["x0"]), c.Trials.Skip(1).Select(t => t.Params["x0"]));
    }

    [Fact]
    public void IntegerStepAndLogParametersStayOnTheirGrids()
    {
        var study = Study.Create("kinds", new StudyOptions { Sampler = new NelderMeadSampler(3) });
        study.Optimize(t => SamplerSpace.Objective(t), trials: 200);

        Assert.All(study.Trials, SamplerSpace.AssertInSpace);
        Assert.True(study.BestValue < 0.5, $"best {study.BestValue}");
    }

    [Fact]
    public void CategoricalParametersGoToTheIndependentSampler()
    {
        var independent = new SpySampler();
        var study = Study.Create("mixed", new StudyOptions { Sampler = new NelderMeadSampler(new NelderMeadSamplerOptions { Seed = 2, IndependentSampler = independent }) });
        study.Optimize(t => Sphere(Suggest(t, 2)) + (t.SuggestCategorical("c", ["a", "b"]) == "a" ? 0 : 1), trials: 30);

        Assert.Equal(["c", "x0", "x1"], independent.Asked.Where(a => a.Number == 0).Select(a => a.Name).Order());
        Assert.All(independent.Asked.Where(a => a.Number > 0), a => Assert.Equal("c", a.Name));
        Assert.Equal(29, independent.Asked.Count(a => a.Number > 0));
    }
}
