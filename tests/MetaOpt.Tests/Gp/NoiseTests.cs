using MetaOpt.Samplers.Gp;

namespace MetaOpt.Tests.Gp;

/// <summary>The GP with a noisy objective: the noise it fits from repeated evaluations, and the incumbent it names.</summary>
public class NoiseTests
{
    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>Twelve points of [0, 1], each evaluated <paramref name="repeats"/> times: f(x) = sin(6x) plus Gaussian noise of sd <paramref name="noise"/>.</summary>
    private static (List<double[]> X, double[] Y) Repeated(int repeats, double noise, int seed)
    {
        var random = new Random(seed);
        var x = new List<double[]>();
        var y = new List<double>();
        for (var i = 0; i < 12; i++)
            for (var r = 0; r < repeats; r++)
            {
                x.Add([i / 11.0]);
                y.Add(Math.Sin(6 * i / 11.0) + noise * Gaussian(random));
            }
        return (x, [.. y]);
    }

    /// <summary>The noise standard deviation fitted to standardised values, in the values' own units.</summary>
    private static double FittedNoiseSd(List<double[]> x, double[] y)
    {
        var mean = y.Average();
        var sd = Math.Sqrt(y.Sum(v => (v - mean) * (v - mean)) / y.Length);
        var fitted = KernelFitter.Fit(x, GpSampler.Standardize(y), [false],
            [KernelParameters.Default(1), .. KernelFitter.RandomStarts(1, 2, new Random(1))], 50);
        return Math.Sqrt(fitted.NoiseVariance) * sd;
    }

    [Theory]
    [InlineData(0.05, 1)]
    [InlineData(0.2, 2)]
    [InlineData(0.5, 3)]
    public void FitEstimatesTheNoiseOfRepeatedEvaluationsWithinAFactorOfTwo(double noise, int seed)
    {
        var (x, y) = Repeated(repeats: 4, noise, seed);
        Assert.InRange(FittedNoiseSd(x, y), noise / 2, noise * 2);
    }

    [Fact]
    public void FitOnANoiselessFunctionKeepsTheNoiseNearItsFloor()
    {
        // Repeats agree exactly, so nothing in the data is noise.
        var (x, y) = Repeated(repeats: 2, noise: 0, seed: 1);
        Assert.True(FittedNoiseSd(x, y) < 1e-3, $"noise sd {FittedNoiseSd(x, y)}");
    }

    /// <summary>
    /// Five configurations of x, four evaluations each, of 4(x − 0.3)² plus noise of sd 0.1, except that one evaluation
    /// of x = 0.7 (true value 0.64) is a lucky −0.3: the best single value belongs to the worse configuration.
    /// </summary>
    private static Study ScriptedNoisyStudy(GpSampler sampler, Direction direction)
    {
        double[] configurations = [0.1, 0.3, 0.5, 0.7, 0.9];
        var random = new Random(4);
        var values = new List<double>();
        var study = Study.Create("noisy", new StudyOptions { Sampler = sampler, Direction = direction });
        foreach (var c in configurations)
            for (var r = 0; r < 4; r++)
            {
                study.EnqueueTrial(new Dictionary<string, object> { ["x"] = c });
                var value = c == 0.7 && r == 2 ? -0.3 : 4 * (c - 0.3) * (c - 0.3) + 0.1 * Gaussian(random);
                values.Add(direction == Direction.Minimize ? value : -value);
            }
        study.Optimize(t =>
        {
            t.SuggestFloat("x", 0, 1);
            return values[t.Number];
        }, trials: values.Count);
        return study;
    }

    [Theory]
    [InlineData(Direction.Minimize)]
    [InlineData(Direction.Maximize)]
    public void PosteriorIncumbentPicksTheTrulyBetterConfigurationWhereTheBestDrawPicksTheWorse(Direction direction)
    {
        var sampler = new GpSampler(seed: 1);
        var study = ScriptedNoisyStudy(sampler, direction);
        Assert.Equal(0.7, (double)study.BestTrial.Params["x"]);
        var incumbent = sampler.PosteriorIncumbent(study);
        Assert.NotNull(incumbent);
        Assert.Equal(0.3, (double)incumbent.Params["x"]);
        // The earliest trial of that configuration.
        Assert.Equal(4, incumbent.Number);
    }

    [Fact]
    public void PosteriorIncumbentChangesNoLaterProposal()
    {
        static Study Run(bool ask)
        {
            var sampler = new GpSampler(new GpSamplerOptions { Seed = 2, StartupTrials = 5 });
            var study = Study.Create("gp", new StudyOptions { Sampler = sampler });
            for (var i = 0; i < 12; i++)
            {
                if (ask)
                    sampler.PosteriorIncumbent(study);
                study.Optimize(t => Math.Pow(t.SuggestFloat("x", 0, 1) - 0.3, 2) + 0.01 * Math.Sin(40 * t.SuggestFloat("y", 0, 1)), trials: 1);
            }
            return study;
        }
        Assert.Equal(Run(false).Trials.Select(t => t.Params["x"]), Run(true).Trials.Select(t => t.Params["x"]));
    }

    [Fact]
    public void PosteriorIncumbentOnANoiselessFunctionIsTheBestTrial()
    {
        var sampler = new GpSampler(new GpSamplerOptions { Seed = 3, StartupTrials = 5 });
        var study = Study.Create("gp", new StudyOptions { Sampler = sampler });
        study.Optimize(t => Math.Pow(t.SuggestFloat("x", 0, 1) - 0.3, 2) + Math.Pow(t.SuggestFloat("y", 0, 1) - 0.7, 2), trials: 20);
        Assert.Equal(study.BestTrial.Number, sampler.PosteriorIncumbent(study)!.Number);
    }

    [Fact]
    public void PosteriorIncumbentWithNothingToVaryIsTheFirstTrial()
    {
        var sampler = new GpSampler(seed: 1);
        var study = Study.Create("constant", new StudyOptions { Sampler = sampler });
        double[] values = [3, 1, 2];
        study.Optimize(t => values[t.Number], trials: 3);
        Assert.Equal(0, sampler.PosteriorIncumbent(study)!.Number);
    }

    [Fact]
    public void PosteriorIncumbentWithoutFinishedTrialsIsNull()
    {
        var sampler = new GpSampler(seed: 1);
        Assert.Null(sampler.PosteriorIncumbent(Study.Create("empty", new StudyOptions { Sampler = sampler })));
    }
}
