using System.Globalization;
using MetaOpt.Samplers.Gp;

namespace MetaOpt.Tests.Samplers;

public class ParticleSwarmSamplerTests
{
    private static double[] Suggest(Trial t, int n, double low = -5, double high = 5) =>
        Enumerable.Range(0, n).Select(i => t.SuggestFloat($"x{i}", low, high)).ToArray();

    private static double Sphere(double[] x) => x.Sum(v => (v - 1) * (v - 1));

    private static double Rosenbrock(double[] x) =>
        Enumerable.Range(0, x.Length - 1).Sum(i => 100 * Math.Pow(x[i + 1] - x[i] * x[i], 2) + Math.Pow(1 - x[i], 2));

    private static Study Run(Func<double[], double> f, int n, int trials, ParticleSwarmSamplerOptions options, IStorage? storage = null, string name = "pso", int parallelism = 1)
    {
        var study = Study.Create(name, new StudyOptions { Sampler = new ParticleSwarmSampler(options), Storage = storage ?? new InMemoryStorage() });
        study.Optimize(t => f(Suggest(t, n)), trials: trials, parallelism: parallelism);
        return study;
    }

    private static int Particle(FrozenTrial t) => Convert.ToInt32(t.SystemAttrs[ParticleSwarmSampler.ParticleAttr], CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("sphere", 2, 300, 5e-3)]
    [InlineData("sphere", 5, 600, 1e-2)]
    [InlineData("rosenbrock", 2, 600, 5e-2)]
    public void ConvergesOnSmoothFunctions(string function, int n, int trials, double regret)
    {
        Func<double[], double> f = function == "sphere" ? Sphere : Rosenbrock;
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var study = Run(f, n, trials, new ParticleSwarmSamplerOptions { Seed = seed });
            Assert.True(study.BestValue < regret, $"{function} in {n} dimensions, seed {seed}: best {study.BestValue:E2} above {regret:E0}");
        }
    }

    [Fact]
    public void WithOneWorkerTheParticlesTakeTurns()
    {
        var study = Run(Sphere, 4, 61, new ParticleSwarmSamplerOptions { Seed = 2 });

        // 10 + ⌊2√4⌋ = 14 particles; the first trial is drawn independently, before the space is known.
        Assert.False(study.Trials[0].SystemAttrs.ContainsKey(ParticleSwarmSampler.ParticleAttr));
        Assert.Equal(Enumerable.Range(0, 60).Select(i => i % 14), study.Trials.Skip(1).Select(Particle));
    }

    [Fact]
    public void EachMoveFollowsTheStoredVelocityFromTheParticlesLastPosition()
    {
        var options = new ParticleSwarmSamplerOptions { Seed = 3, Particles = 5, MaxVelocity = 1 };
        var study = Run(Sphere, 3, 41, options);
        var byParticle = study.Trials.Skip(1).GroupBy(Particle);

        foreach (var moves in byParticle)
        {
            var list = moves.ToList();
            for (var k = 1; k < list.Count; k++)
            {
                var before = Point(list[k - 1], ParticleSwarmSampler.PointAttr);
                var after = Point(list[k], ParticleSwarmSampler.PointAttr);
                var velocity = Point(list[k], ParticleSwarmSampler.VelocityAttr);
                // x' = x + v, except at a wall, where the coordinate stops and its velocity is zeroed.
                for (var j = 0; j < 3; j++)
                    if (after[j] is > 0 and < 1)
                        Assert.Equal(before[j] + velocity[j], after[j], 12);
                    else
                        Assert.Equal(0, velocity[j]);
            }
        }
    }

    [Fact]
    public void TheLargestVelocityBoundsEveryStep()
    {
        var study = Run(Rosenbrock, 3, 200, new ParticleSwarmSamplerOptions { Seed = 4, MaxVelocity = 0.05 });

        Assert.All(study.Trials.Skip(16), t => Assert.All(Point(t, ParticleSwarmSampler.VelocityAttr), v => Assert.InRange(v, -0.05, 0.05)));
        Assert.All(study.Trials.Skip(1), t => Assert.All(Point(t, ParticleSwarmSampler.PointAttr), x => Assert.InRange(x, 0, 1)));
        Assert.All(study.Trials, t => Assert.All(t.Params.Values, v => Assert.InRange((double)v, -5, 5)));
    }

    [Theory]
    [InlineData(30)]
    [InlineData(47)]
    public void AResumedStudyProposesWhatAnUninterruptedOneWould(int interruptedAfter)
    {
        var options = new ParticleSwarmSamplerOptions { Seed = 5 };
        var uninterrupted = Run(Rosenbrock, 3, interruptedAfter + 3, options);

        var storage = new InMemoryStorage();
        Run(Rosenbrock, 3, interruptedAfter, options, storage);
        // Another process: a new sampler and a new study object over the same storage.
        var resumed = Study.Load("pso", new StudyOptions { Storage = storage, Sampler = new ParticleSwarmSampler(options) });
        resumed.Optimize(t => Rosenbrock(Suggest(t, 3)), trials: 3);

        for (var number = interruptedAfter; number < interruptedAfter + 3; number++)
        {
            Assert.Equal(uninterrupted.Trials[number].Params, resumed.Trials[number].Params);
            Assert.Equal(Particle(uninterrupted.Trials[number]), Particle(resumed.Trials[number]));
        }
    }

    [Fact]
    public void TheSameSeedGivesTheSameTrialsAndAnotherSeedOthers()
    {
        var a = Run(Sphere, 2, 40, new ParticleSwarmSamplerOptions { Seed = 8 });
        var b = Run(Sphere, 2, 40, new ParticleSwarmSamplerOptions { Seed = 8 });
        var c = Run(Sphere, 2, 40, new ParticleSwarmSamplerOptions { Seed = 9 });

        Assert.Equal(a.Trials.Select(t => t.Params), b.Trials.Select(t => t.Params));
        Assert.NotEqual(a.Trials.Skip(1).Select(t => t.Params["x0"]), c.Trials.Skip(1).Select(t => t.Params["x0"]));
    }

    [Fact]
    public void MaximisingANegatedFunctionProposesWhatMinimisingItDoes()
    {
        var minimised = Run(Rosenbrock, 2, 60, new ParticleSwarmSamplerOptions { Seed = 6 });
        var maximised = Study.Create("max", new StudyOptions { Sampler = new ParticleSwarmSampler(new ParticleSwarmSamplerOptions { Seed = 6 }), Direction = Direction.Maximize });
        maximised.Optimize(t => -Rosenbrock(Suggest(t, 2)), trials: 60);

        Assert.Equal(minimised.Trials.Select(t => t.Params), maximised.Trials.Select(t => t.Params));
    }

    [Fact]
    public void ParallelWorkersConvergeAndShareTheMovesAmongTheParticles()
    {
        var study = Run(Sphere, 3, 400, new ParticleSwarmSamplerOptions { Seed = 9, Particles = 8 }, parallelism: 4);

        Assert.True(study.BestValue < 1e-2, $"best {study.BestValue}");
        Assert.All(study.Trials.Skip(4), t => Assert.True(t.SystemAttrs.ContainsKey(ParticleSwarmSampler.ParticleAttr)));
        // The particles take turns whichever worker proposes first: the one moved least moves next.
        var counts = study.Trials.Where(t => t.SystemAttrs.ContainsKey(ParticleSwarmSampler.ParticleAttr)).GroupBy(Particle).Select(g => g.Count()).ToList();
        Assert.Equal(8, counts.Count);
        Assert.True(counts.Max() - counts.Min() <= 1, string.Join(",", counts));
    }

    [Fact]
    public void IntegerStepAndLogParametersStayOnTheirGrids()
    {
        var study = Study.Create("kinds", new StudyOptions { Sampler = new ParticleSwarmSampler(3) });
        study.Optimize(t => SamplerSpace.Objective(t), trials: 200);

        Assert.All(study.Trials, SamplerSpace.AssertInSpace);
        Assert.True(study.BestValue < 0.5, $"best {study.BestValue}");
    }

    [Fact]
    public void CategoricalParametersGoToTheIndependentSampler()
    {
        var spy = new SpySampler();
        var study = Study.Create("mixed", new StudyOptions { Sampler = new ParticleSwarmSampler(new ParticleSwarmSamplerOptions { Seed = 2, IndependentSampler = spy }) });
        study.Optimize(t => Sphere(Suggest(t, 2)) + (t.SuggestCategorical("c", ["a", "b"]) == "a" ? 0 : 1), trials: 30);

        Assert.Equal(["c", "x0", "x1"], spy.Asked.Where(a => a.Number == 0).Select(a => a.Name).Order());
        Assert.All(spy.Asked.Where(a => a.Number > 0), a => Assert.Equal("c", a.Name));
        Assert.Equal(29, spy.Asked.Count(a => a.Number > 0));
    }

    [Fact]
    public void AnEnqueuedValueIsThePositionTheParticleTakes()
    {
        var study = Study.Create("enqueued", new StudyOptions { Sampler = new ParticleSwarmSampler(4) });
        study.Optimize(t => Sphere(Suggest(t, 2)), trials: 5);
        study.EnqueueTrial(new Dictionary<string, object> { ["x0"] = 1.0 });
        study.Optimize(t => Sphere(Suggest(t, 2)), trials: 1);

        var last = study.Trials[^1];
        Assert.Equal(1.0, (double)last.Params["x0"], 12);
        var space = new UnitCubeSpace(last.Distributions);
        Assert.Equal(space.ToUnit(0, 1.0), Point(last, ParticleSwarmSampler.PointAttr)[0], 12);
    }

    private static double[] Point(FrozenTrial t, string attr) =>
        ((string)t.SystemAttrs[attr]).Split(';').Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray();
}
