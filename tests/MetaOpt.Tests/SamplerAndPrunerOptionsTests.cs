using System.Globalization;

namespace MetaOpt.Tests;

/// <summary>
/// The options records of the samplers and pruners: the defaults live in them, a setting out of range is refused
/// naming it and its range, and each obsolete Optuna-style constructor builds what its options would.
/// </summary>
public class SamplerAndPrunerOptionsTests
{
    public static TheoryData<Func<object>, string, string> BadSettings => new()
    {
        { () => new TpeSampler(new TpeSamplerOptions { StartupTrials = -1 }), "StartupTrials", "greater than or equal to '0'" },
        { () => new TpeSampler(new TpeSamplerOptions { EiCandidates = 0 }), "EiCandidates", "greater than or equal to '1'" },
        { () => new TpeSampler(new TpeSamplerOptions { PriorWeight = 0 }), "PriorWeight", "positive finite number" },
        { () => new TpeSampler(new TpeSamplerOptions { PriorWeight = double.NaN }), "PriorWeight", "positive finite number" },
        { () => new GpSampler(new GpSamplerOptions { StartupTrials = 0 }), "StartupTrials", "greater than or equal to '1'" },
        { () => new GpSampler(new GpSamplerOptions { Candidates = 0 }), "Candidates", "greater than or equal to '1'" },
        { () => new GpSampler(new GpSamplerOptions { LocalSearches = 0 }), "LocalSearches", "greater than or equal to '1'" },
        { () => new GpSampler(new GpSamplerOptions { FullRefitInterval = 0 }), "FullRefitInterval", "greater than or equal to '1'" },
        { () => new GpSampler(new GpSamplerOptions { StartupDesign = (QmcKind)5 }), "StartupDesign", "Sobol, Halton or null" },
        { () => new GpSampler(new GpSamplerOptions { Transfer = (TransferMethod)7 }), "Transfer", "StackedRgpe or GaussianCopula" },
        { () => new TpeSampler(new TpeSamplerOptions { StartupDesign = (QmcKind)5 }), "StartupDesign", "Sobol, Halton or null" },
        { () => new QmcSampler(new QmcSamplerOptions { Kind = (QmcKind)5 }), "Kind", "Sobol or Halton" },
        { () => new CmaEsSampler(new CmaEsSamplerOptions { PopulationSize = 1 }), "PopulationSize", "greater than or equal to '2'" },
        { () => new CmaEsSampler(new CmaEsSamplerOptions { Sigma0 = 1.5 }), "Sigma0", "between 0 and 1" },
        { () => new CmaEsSampler(new CmaEsSamplerOptions { Sigma0 = 0 }), "Sigma0", "between 0 and 1" },
        { () => new CmaEsSampler(new CmaEsSamplerOptions { IncreasePopsize = 1 }), "IncreasePopsize", "greater than or equal to '2'" },
        { () => new CmaEsSampler(new CmaEsSamplerOptions { StartupTrials = -1 }), "StartupTrials", "greater than or equal to '0'" },
        { () => new CmaEsSampler(new CmaEsSamplerOptions { RestartStrategy = (CmaEsRestart)7 }), "RestartStrategy", "None or Ipop" },
        { () => new ParticleSwarmSampler(new ParticleSwarmSamplerOptions { Particles = 1 }), "Particles", "greater than or equal to '2'" },
        { () => new ParticleSwarmSampler(new ParticleSwarmSamplerOptions { Inertia = 1.5 }), "Inertia", "between 0 and 1" },
        { () => new ParticleSwarmSampler(new ParticleSwarmSamplerOptions { Cognitive = -1 }), "Cognitive", "at least 0" },
        { () => new ParticleSwarmSampler(new ParticleSwarmSamplerOptions { Social = double.PositiveInfinity }), "Social", "finite number of at least 0" },
        { () => new ParticleSwarmSampler(new ParticleSwarmSamplerOptions { MaxVelocity = 0 }), "MaxVelocity", "above 0 and at most 1" },
        { () => new NelderMeadSampler(new NelderMeadSamplerOptions { Restart = (NelderMeadRestart)4 }), "Restart", "Probabilistic or Uniform" },
        { () => new NelderMeadSampler(new NelderMeadSamplerOptions { RestartCandidates = 0 }), "RestartCandidates", "greater than or equal to '1'" },
        { () => new NelderMeadSampler(new NelderMeadSamplerOptions { InitialSize = 0.6 }), "InitialSize", "at most 0.5" },
        { () => new NelderMeadSampler(new NelderMeadSamplerOptions { Reflection = 0 }), "Reflection", "above 0" },
        { () => new NelderMeadSampler(new NelderMeadSamplerOptions { Expansion = 0.9 }), "Expansion", "above 1 and above Reflection" },
        { () => new NelderMeadSampler(new NelderMeadSamplerOptions { Reflection = 3, Expansion = 2 }), "Expansion", "above 1 and above Reflection" },
        { () => new NelderMeadSampler(new NelderMeadSamplerOptions { Contraction = 1 }), "Contraction", "between 0 and 1" },
        { () => new NelderMeadSampler(new NelderMeadSamplerOptions { Shrink = 0 }), "Shrink", "between 0 and 1" },
        { () => new NelderMeadSampler(new NelderMeadSamplerOptions { PointTolerance = 0 }), "PointTolerance", "above 0" },
        { () => new NelderMeadSampler(new NelderMeadSamplerOptions { ValueTolerance = double.NaN }), "ValueTolerance", "at least 0" },
        { () => new NelderMeadSampler(new NelderMeadSamplerOptions { StallIterations = 0 }), "StallIterations", "greater than or equal to '1'" },
        { () => new AutoSampler(new AutoSamplerOptions { GpTrials = -1 }), "GpTrials", "greater than or equal to '0'" },
        { () => new AutoSampler(new AutoSamplerOptions { TpeShare = 1.5 }), "TpeShare", "between 0 and 1" },
        { () => new AutoSampler(new AutoSamplerOptions { TpeShare = double.NaN }), "TpeShare", "between 0 and 1" },
        { () => new MedianPruner(new PercentilePrunerOptions { StartupTrials = -1 }), "StartupTrials", "greater than or equal to '0'" },
        { () => new PercentilePruner(25, new PercentilePrunerOptions { WarmupSteps = -1 }), "WarmupSteps", "greater than or equal to '0'" },
        { () => new PercentilePruner(25, new PercentilePrunerOptions { IntervalSteps = 0 }), "IntervalSteps", "greater than or equal to '1'" },
        { () => new MedianPruner(new PercentilePrunerOptions { MinTrials = 0 }), "MinTrials", "greater than or equal to '1'" },
        { () => new SuccessiveHalvingPruner(new SuccessiveHalvingPrunerOptions { MinResource = 0 }), "MinResource", ">= 1, or null" },
        { () => new SuccessiveHalvingPruner(new SuccessiveHalvingPrunerOptions { ReductionFactor = 1 }), "ReductionFactor", "greater than or equal to '2'" },
        { () => new SuccessiveHalvingPruner(new SuccessiveHalvingPrunerOptions { MinEarlyStoppingRate = -1 }), "MinEarlyStoppingRate", "greater than or equal to '0'" },
        { () => new HyperbandPruner(new HyperbandPrunerOptions { MinResource = 0 }), "MinResource", "greater than or equal to '1'" },
        { () => new HyperbandPruner(new HyperbandPrunerOptions { MinResource = 4, MaxResource = 3 }), "MaxResource", ">= MinResource (4)" },
        { () => new HyperbandPruner(new HyperbandPrunerOptions { BootstrapCount = -1 }), "BootstrapCount", "greater than or equal to '0'" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void ASettingOutOfRangeIsRefusedNamingItAndItsRange(Func<object> create, string name, string range)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(create);

        Assert.Equal(name, e.ParamName);
        Assert.Contains(range, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GroupWithoutMultivariateIsRefusedNamingBoth()
    {
        var e = Assert.Throws<ArgumentException>(() => new TpeSampler(new TpeSamplerOptions { Group = true }));

        Assert.Equal("Group", e.ParamName);
        Assert.Contains("Multivariate", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheMedianAndPercentilePrunersShareOneSetOfDefaults()
    {
        var median = new MedianPruner();
        var percentile = new PercentilePruner(25);

        Assert.Equal((5, 0, 1, 1), (median.StartupTrials, median.WarmupSteps, median.IntervalSteps, median.MinTrials));
        Assert.Equal((5, 0, 1, 1), (percentile.StartupTrials, percentile.WarmupSteps, percentile.IntervalSteps, percentile.MinTrials));
    }

#pragma warning disable CS0618 // The obsolete constructors and properties are what these tests compare with.
    [Fact]
    public void TheObsoleteTpeConstructorDrawsAsItsOptions()
    {
        static int Gamma(int n) => Math.Min(n / 4 + 1, 10);
        var old = new TpeSampler(5, nStartupTrials: 4, nEiCandidates: 12, multivariate: true, group: true, constantLiar: false,
            considerPrior: false, priorWeight: 2.0, considerMagicClip: false, considerEndpoints: true, gamma: Gamma, weights: TpeSampler.DefaultWeights);
        var options = new TpeSampler(new TpeSamplerOptions
        {
            Seed = 5, StartupTrials = 4, EiCandidates = 12, Multivariate = true, Group = true, ConstantLiar = false,
            ConsiderPrior = false, PriorWeight = 2.0, ConsiderMagicClip = false, ConsiderEndpoints = true, Gamma = Gamma,
            Weights = TpeSampler.DefaultWeights,
        });

        var draws = Draws(old, 12);
        Assert.Equal(draws, Draws(options, 12));
        Assert.NotEqual(draws, Draws(new TpeSampler(5), 12));
    }

    [Fact]
    public void TheObsoleteGpConstructorDrawsAsItsOptions()
    {
        var old = new GpSampler(7, nStartupTrials: 3, candidates: 32, localSearches: 2, fullRefitInterval: 2);
        var options = new GpSampler(new GpSamplerOptions { Seed = 7, StartupTrials = 3, Candidates = 32, LocalSearches = 2, FullRefitInterval = 2 });

        Assert.Equal((3, 32, 2, 2), (old.StartupTrials, old.Candidates, old.LocalSearches, old.FullRefitInterval));
        Assert.Equal(3, old.NStartupTrials);
        Assert.Equal(Draws(old, 6), Draws(options, 6));
    }
    [Fact]
    public void TheObsoleteConstructorsBuildThePrunersTheirOptionsWould()
    {
        var median = new MedianPruner(nStartupTrials: 2, nWarmupSteps: 3, intervalSteps: 4, nMinTrials: 5);
        var percentile = new PercentilePruner(25, nStartupTrials: 2, nWarmupSteps: 3, intervalSteps: 4, nMinTrials: 5);
        var halving = new SuccessiveHalvingPruner(minResource: 2, reductionFactor: 3, minEarlyStoppingRate: 1, bootstrapCount: 4);
        var hyperband = new HyperbandPruner(minResource: 2, maxResource: 50, reductionFactor: 3, bootstrapCount: 4);

        Assert.Equal((2, 3, 4, 5), (median.StartupTrials, median.WarmupSteps, median.IntervalSteps, median.MinTrials));
        Assert.Equal((25.0, 2, 3, 4, 5), (percentile.Percentile, percentile.NStartupTrials, percentile.NWarmupSteps, percentile.IntervalSteps, percentile.NMinTrials));
        Assert.Equal((2, 3, 1, 4), (halving.MinResource, halving.ReductionFactor, halving.MinEarlyStoppingRate, halving.BootstrapCount));
        Assert.Equal((2, 50, 3, 4), (hyperband.MinResource, hyperband.MaxResource, hyperband.ReductionFactor, hyperband.BootstrapCount));
    }
#pragma warning restore CS0618

    // The trials' parameters on a conditional space, as one comparable string.
    private static string Draws(ISampler sampler, int trials)
    {
        var study = Study.Create("draws", new StudyOptions { Sampler = sampler });
        study.Optimize(trial =>
        {
            var kind = trial.SuggestCategorical("kind", new[] { "a", "b" });
            var v = kind == "a" ? trial.SuggestFloat("x", -2, 2) - trial.SuggestFloat("w", -2, 2) : trial.SuggestFloat("y", -2, 2) + 1;
            return v * v + trial.SuggestInt("z", 0, 4);
        }, trials: trials);
        return string.Join(";", study.Trials.Select(t =>
            string.Join(",", t.Params.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}={p.Value}")))));
    }
}
