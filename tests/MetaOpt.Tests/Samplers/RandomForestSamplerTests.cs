namespace MetaOpt.Tests.Samplers;

public class RandomForestSamplerTests
{
    private static readonly string[] Shapes = ["a", "b", "c", "d", "e"];
    private static readonly double[] ShapeOffsets = [0.6, 0.3, 0, 0.45, 0.8];

    /// <summary>A categorical of five choices (best "c"), a float, a log float and an integer; minimum 0.</summary>
    private static double Mixed(Trial t)
    {
        var shape = Array.IndexOf(Shapes, t.SuggestCategorical("shape", Shapes));
        var x = t.SuggestFloat("x", 0, 1);
        var lr = t.SuggestFloat("lr", 1e-5, 1, log: true);
        var n = t.SuggestInt("n", 1, 20);
        return ShapeOffsets[shape] + Math.Pow(x - 0.73, 2) + Math.Pow(Math.Log10(lr) + 3, 2) / 8 + Math.Pow((n - 13) / 10.0, 2);
    }

    /// <summary>Three branches with their own parameters; the best (0) is on the "tree" branch at depth 7 with "entropy".</summary>
    private static double Conditional(Trial t)
    {
        switch (t.SuggestCategorical("model", ["linear", "tree", "net"]))
        {
            case "linear":
                return 0.3 + Math.Pow(Math.Log10(t.SuggestFloat("alpha", 1e-6, 1, log: true)) + 2, 2) / 10;
            case "tree":
                var depth = t.SuggestInt("depth", 1, 12);
                var criterion = t.SuggestCategorical("criterion", ["gini", "entropy", "mse"]);
                return Math.Pow((depth - 7) / 4.0, 2) + (criterion == "entropy" ? 0 : 0.35);
            default:
                var width = t.SuggestInt("width", 8, 512, log: true);
                var dropout = t.SuggestFloat("dropout", 0, 0.5);
                return 0.2 + Math.Pow(Math.Log2(width) - 6, 2) / 10 + dropout;
        }
    }

    private static Study Run(ISampler sampler, Func<Trial, double> objective, int trials, int parallelism = 1, Direction direction = Direction.Minimize)
    {
        var study = Study.Create("rf", new StudyOptions { Sampler = sampler, Direction = direction });
        study.Optimize(objective, trials: trials, parallelism: parallelism);
        return study;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return (sorted[(sorted.Length - 1) / 2] + sorted[sorted.Length / 2]) / 2;
    }

    [Fact]
    public void SameSeedProposesTheSameTrialsOtherSeedDoesNot()
    {
        static string Trials(Study s) => string.Join(";", s.Trials.Select(t => string.Join(",", t.Params.OrderBy(p => p.Key).Select(p => p.Value))));
        var first = Trials(Run(new RandomForestSampler(7), Mixed, 25));
        Assert.Equal(first, Trials(Run(new RandomForestSampler(7), Mixed, 25)));
        Assert.NotEqual(first, Trials(Run(new RandomForestSampler(8), Mixed, 25)));
    }

    [Theory]
    [InlineData("mixed")]
    [InlineData("conditional")]
    public void BeatsRandomSearchAtFortyTrials(string function)
    {
        Func<Trial, double> objective = function == "mixed" ? Mixed : Conditional;
        var seeds = Enumerable.Range(0, 6).ToArray();
        var forest = seeds.Select(s => Run(new RandomForestSampler(s), objective, 40).BestValue).ToArray();
        var random = seeds.Select(s => Run(new RandomSampler(s), objective, 40).BestValue).ToArray();

        Assert.True(Median(forest) < Median(random) / 2, $"median regret: forest {Median(forest):G3} ({string.Join(", ", forest.Select(v => v.ToString("G3")))}), random {Median(random):G3}");
        Assert.True(forest.Average() < random.Average(), $"mean regret: forest {forest.Average():G3}, random {random.Average():G3}");
    }

    [Fact]
    public void MaximisingTheNegatedFunctionProposesWhatMinimisingItDoes()
    {
        var minimised = Run(new RandomForestSampler(3), Mixed, 20);
        var maximised = Run(new RandomForestSampler(3), t => -Mixed(t), 20, direction: Direction.Maximize);

        Assert.Equal(minimised.Trials.Select(t => t.Params["x"]), maximised.Trials.Select(t => t.Params["x"]));
    }

    [Fact]
    public void ConditionalParametersAreSuggestedOnlyOnTheirBranchAndTheBestBranchIsFound()
    {
        var study = Run(new RandomForestSampler(5), Conditional, 40);

        Assert.Equal("tree", study.BestTrial!.Params["model"]);
        Assert.Equal("entropy", study.BestTrial.Params["criterion"]);
        Assert.All(study.Trials.Where(t => (string)t.Params["model"] == "tree"), t => Assert.False(t.Params.ContainsKey("alpha") || t.Params.ContainsKey("width")));
        // After the start-up most trials go to the best branch.
        Assert.True(study.Trials.Skip(10).Count(t => (string)t.Params["model"] == "tree") >= 18);
    }

    [Fact]
    public void ConcurrentProposalsAreDistinct()
    {
        var study = Run(new RandomForestSampler(new RandomForestSamplerOptions { Seed = 3, RandomInterleave = 0 }), Mixed, 15);
        var running = Enumerable.Range(0, 4).Select(_ =>
        {
            var trial = study.Ask();
            return (trial.SuggestCategorical("shape", Shapes), trial.SuggestFloat("x", 0, 1), trial.SuggestFloat("lr", 1e-5, 1, log: true), trial.SuggestInt("n", 1, 20));
        }).ToList();

        Assert.Equal(4, running.Distinct().Count());
        Assert.Equal(4, study.Trials.Count(t => t.State == TrialState.Running));
    }

    [Fact]
    public void ParallelWorkersStayInTheSpaceAndImprove()
    {
        var study = Run(new RandomForestSampler(11), t => SamplerSpace.Objective(t), 60, parallelism: 4);

        Assert.Equal(60, study.Trials.Count(t => t.State == TrialState.Complete));
        Assert.All(study.Trials, SamplerSpace.AssertInSpace);
        Assert.True(study.BestValue < study.Trials.Take(10).Min(t => t.Value!.Value), $"best {study.BestValue}");
    }

    [Fact]
    public void TheStartupTrialsFollowTheDesignThenTheForestTakesOver()
    {
        var design = Run(new QmcSampler(new QmcSamplerOptions { Seed = 4 }), Mixed, 12);
        var forest = Run(new RandomForestSampler(new RandomForestSamplerOptions { Seed = 4, StartupTrials = 12 }), Mixed, 14);

        Assert.Equal(design.Trials.Select(t => t.Params["x"]), forest.Trials.Take(12).Select(t => t.Params["x"]));
    }

    public static TheoryData<string, RandomForestSamplerOptions> BadOptions => new()
    {
        { "StartupTrials", new RandomForestSamplerOptions { StartupTrials = 1 } },
        { "Trees", new RandomForestSamplerOptions { Trees = 0 } },
        { "MinSamplesSplit", new RandomForestSamplerOptions { MinSamplesSplit = 1 } },
        { "MinSamplesLeaf", new RandomForestSamplerOptions { MinSamplesLeaf = 0 } },
        { "MaxFeaturesRatio", new RandomForestSamplerOptions { MaxFeaturesRatio = 0 } },
        { "MaxFeaturesRatio", new RandomForestSamplerOptions { MaxFeaturesRatio = 1.5 } },
        { "LocalSearches", new RandomForestSamplerOptions { LocalSearches = -1 } },
        { "RandomCandidates", new RandomForestSamplerOptions { RandomCandidates = 0 } },
        { "RandomInterleave", new RandomForestSamplerOptions { RandomInterleave = 1.1 } },
        { "RandomInterleave", new RandomForestSamplerOptions { RandomInterleave = double.NaN } },
        { "StartupDesign", new RandomForestSamplerOptions { StartupDesign = (QmcKind)7 } },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void ABadSettingIsRefusedByName(string name, RandomForestSamplerOptions options)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new RandomForestSampler(options));
        Assert.Equal(name, error.ParamName);
    }

    [Fact]
    public void RawTargetsAndNoBootstrapStillFindTheBestShape()
    {
        var study = Run(new RandomForestSampler(new RandomForestSamplerOptions { Seed = 2, LogTargets = false, Bootstrap = false }), Mixed, 40);

        Assert.Equal("c", study.BestTrial!.Params["shape"]);
    }
}
