using System.Globalization;
using MetaOpt.Launcher.Commands.External;
using MetaOpt.Studies;

namespace MetaOpt.Launcher.Tests;

/// <summary>
/// The one registry of samplers and pruners by name: every name builds its sampler or pruner, old names stay
/// aliases, an unknown name gets one line listing the names, and the launcher reads names through it.
/// </summary>
public sealed class RegistryTests : IDisposable
{
    // A conditional space (x and w with kind a, y with kind b): univariate, multivariate and grouped TPE differ on it.
    private static readonly Dictionary<string, Distribution> Space = new()
    {
        ["kind"] = new CategoricalDistribution(["a", "b"]),
        ["x"] = new FloatDistribution(-2, 2),
        ["w"] = new FloatDistribution(-2, 2),
        ["y"] = new FloatDistribution(-2, 2),
        ["z"] = new IntDistribution(0, 4),
    };

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    public static TheoryData<string, Func<int, ISampler>> SamplerRows => new()
    {
        { "tpe", seed => new TpeSampler(seed) },
        { "random", seed => new RandomSampler(seed) },
        { "grid", seed => new GridSampler(SearchSpaceGrid.Create(Space), seed) },
        { "gp", seed => new GpSampler(seed) },
        { "tpe-group", seed => new TpeSampler(new TpeSamplerOptions { Seed = seed, Multivariate = true, Group = true }) },
        { "tpe-multivariate", seed => new TpeSampler(new TpeSamplerOptions { Seed = seed, Multivariate = true }) },
        { "qmc", seed => new QmcSampler(new QmcSamplerOptions { Seed = seed }) },
        { "cmaes", seed => new CmaEsSampler(new CmaEsSamplerOptions { Seed = seed }) },
        { "rf", seed => new RandomForestSampler(new RandomForestSamplerOptions { Seed = seed }) },
        { "pso", seed => new ParticleSwarmSampler(new ParticleSwarmSamplerOptions { Seed = seed }) },
        { "nelder-mead", seed => new NelderMeadSampler(new NelderMeadSamplerOptions { Seed = seed }) },
        { "nsga2", seed => new NsgaIISampler(new NsgaIISamplerOptions { Seed = seed }) },
        { "auto", seed => new AutoSampler(seed) },
    };

    [Theory]
    [MemberData(nameof(SamplerRows))]
    public void EverySamplerNameBuildsThatSampler(string name, Func<int, ISampler> expected)
    {
        var built = SamplerRegistry.Create(name, 3, Space);

        Assert.IsType(expected(3).GetType(), built);
        Assert.Equal(Draws(expected(3)), Draws(built));
        Assert.Equal(name, SamplerRegistry.Names.NameOf(SamplerRegistry.Names.Parse(name)));
    }

    [Fact]
    public void TheTpeVariantsDrawDifferentlyOnTheTestSpace()
    {
        var draws = new[] { "tpe", "tpe-group", "tpe-multivariate" }.Select(n => Draws(SamplerRegistry.Create(n, 3))).ToList();

        Assert.Equal(3, draws.Distinct().Count());
    }

    [Fact]
    public void EveryKindHasOneNameInTheListedOrder()
    {
        Assert.Equal(["tpe", "random", "grid", "gp", "tpe-group", "tpe-multivariate", "qmc", "cmaes", "rf", "pso", "nelder-mead", "auto", "nsga2"], SamplerRegistry.Names.Names);
        Assert.Equal(Enum.GetValues<SamplerKind>(), SamplerRegistry.Names.Names.Select(SamplerRegistry.Names.Parse));
        Assert.Equal(["none", "median", "asha", "hyperband"], PrunerRegistry.Names.Names);
        Assert.Equal(Enum.GetValues<PrunerKind>(), PrunerRegistry.Names.Names.Select(PrunerRegistry.Names.Parse));
    }

    [Fact]
    public void TheLaunchersOldSamplerNameIsAnAliasOfTheNewOne()
    {
        Assert.Equal(SamplerKind.TpeGroup, SamplerRegistry.Names.Parse("tpegroup"));
        Assert.Equal("tpe-group", SamplerRegistry.Names.NameOf(SamplerRegistry.Names.Parse("tpegroup")));
        Assert.Equal("tpegroup is an alias of tpe-group", SamplerRegistry.Names.AliasNote);
        Assert.Equal(Draws(new TpeSampler(new TpeSamplerOptions { Seed = 3, Multivariate = true, Group = true })), Draws(SamplerRegistry.Create("tpegroup", 3)));
        Assert.Empty(PrunerRegistry.Names.Aliases);
    }

    [Theory]
    [InlineData("none", typeof(NopPruner))]
    [InlineData("median", typeof(MedianPruner))]
    [InlineData("asha", typeof(SuccessiveHalvingPruner))]
    [InlineData("hyperband", typeof(HyperbandPruner))]
    public void EveryPrunerNameBuildsThatPruner(string name, Type expected) =>
        Assert.IsType(expected, PrunerRegistry.Create(name, epochs: 10));

    [Fact]
    public void HyperbandSpansTheEpochsAndAshaUsesRungsOfThree()
    {
        var hyperband = Assert.IsType<HyperbandPruner>(PrunerRegistry.Create(PrunerKind.Hyperband, epochs: 9));
        Assert.Equal((1, 9, 3), (hyperband.MinResource, hyperband.MaxResource, hyperband.ReductionFactor));
        Assert.Null(Assert.IsType<HyperbandPruner>(PrunerRegistry.Create(PrunerKind.Hyperband, epochs: 0)).MaxResource);
        Assert.Equal(3, Assert.IsType<SuccessiveHalvingPruner>(PrunerRegistry.Create(PrunerKind.Asha, epochs: 9)).ReductionFactor);
    }

    [Fact]
    public void TheRegistryBuildsTheSettingsItsTableDocuments()
    {
        // docs/samplers.md: tpe and gp with their defaults, median waiting 5 trials and judging from epoch 2 on.
        var median = Assert.IsType<MedianPruner>(PrunerRegistry.Create(PrunerKind.Median, epochs: 10));
        Assert.Equal((5, 2, 1, 1), (median.StartupTrials, median.WarmupSteps, median.IntervalSteps, median.MinTrials));
        var asha = Assert.IsType<SuccessiveHalvingPruner>(PrunerRegistry.Create(PrunerKind.Asha, epochs: 10));
        Assert.Equal((1, 3, 0, 0), (asha.MinResource, asha.ReductionFactor, asha.MinEarlyStoppingRate, asha.BootstrapCount));
        var gp = Assert.IsType<GpSampler>(SamplerRegistry.Create(SamplerKind.Gp, 3));
        Assert.Equal((10, 1024, 5, 10), (gp.StartupTrials, gp.Candidates, gp.LocalSearches, gp.FullRefitInterval));
        var optunasDefaults = new TpeSamplerOptions
        {
            Seed = 3, StartupTrials = 10, EiCandidates = 24, ConsiderPrior = true, PriorWeight = 1, ConsiderMagicClip = true,
            Gamma = n => Math.Min((int)Math.Ceiling(0.1 * n), 25), Weights = TpeSampler.DefaultWeights,
        };
        Assert.Equal(Draws(new TpeSampler(optunasDefaults)), Draws(SamplerRegistry.Create(SamplerKind.Tpe, 3)));
    }

    [Theory]
    [InlineData("motpe", "unknown sampler 'motpe': use one of tpe, random, grid, gp, tpe-group, tpe-multivariate, qmc, cmaes, rf, pso, nelder-mead, auto, nsga2")]
    [InlineData("TPE", "unknown sampler 'TPE': use one of tpe, random, grid, gp, tpe-group, tpe-multivariate, qmc, cmaes, rf, pso, nelder-mead, auto, nsga2")]
    public void AnUnknownSamplerIsOneLineListingTheNames(string name, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => SamplerRegistry.Create(name, 0));

        Assert.StartsWith(message, e.Message);
        Assert.Equal(message, SamplerRegistry.Names.Unknown(name));
    }

    [Fact]
    public void AnUnknownPrunerIsOneLineListingTheNames() =>
        Assert.Equal("unknown pruner 'percentile': use one of none, median, asha, hyperband",
            Assert.Throws<ArgumentException>(() => PrunerRegistry.Create("percentile", 0)).Message.Split(" (Parameter")[0]);

    [Fact]
    public void AGridWithoutASearchSpaceIsRefused() =>
        Assert.Throws<ArgumentException>(() => SamplerRegistry.Create(SamplerKind.Grid, 0));

    [Fact]
    public void TheLaunchersUnknownSamplerAndPrunerExitTwoWithTheRegistrysLine()
    {
        var sampler = Launcher.Run("run", "functions-branin", "--sampler", "motpe", "--storage", _directory.File("s.db"));
        var pruner = Launcher.Run("ask", "quad", "--search-space", "space.json", "--pruner", "percentile", "--storage", _directory.File("s.db"));

        Assert.Equal(2, sampler.ExitCode);
        Assert.Contains(SamplerRegistry.Names.Unknown("motpe"), Assert.Single(sampler.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(2, pruner.ExitCode);
        Assert.Contains(PrunerRegistry.Names.Unknown("percentile"), Assert.Single(pruner.ErrorLines), StringComparison.Ordinal);
        Assert.False(File.Exists(_directory.File("s.db")));
    }

    [Theory]
    [InlineData("cmaes")]
    [InlineData("qmc")]
    [InlineData("pso")]
    [InlineData("nelder-mead")]
    public void RunTakesTheCmaEsQmcPsoAndNelderMeadSamplersByName(string name)
    {
        var run = Launcher.Run("run", "functions-branin", "--sampler", name, "--trials", "12", "--storage", _directory.File(name + ".db"));

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.ErrorLines);
        using var storage = new LiteDbStorage(_directory.File(name + ".db"));
        var study = Study.Load("functions-branin", new StudyOptions { Storage = storage });
        Assert.Equal(12, study.GetTrials(TrialState.Complete).Count);
        Assert.Equal(name, study.UserAttrs["sampler"]);
    }

    [Fact]
    public void RunTakesTheRandomForestSamplerByNameAndUsesTheForestAfterTheStartup()
    {
        var run = Launcher.Run("run", "functions-mixed", "--sampler", "rf", "--trials", "16", "--seed", "2", "--storage", _directory.File("rf.db"));

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.ErrorLines);
        using var storage = new LiteDbStorage(_directory.File("rf.db"));
        var study = Study.Load("functions-mixed", new StudyOptions { Storage = storage });
        Assert.Equal(16, study.GetTrials(TrialState.Complete).Count);
        Assert.Equal("rf", study.UserAttrs["sampler"]);
        // The start-up design (Sobol) leaves the forest trials 10 to 15; they improve on the design's best.
        Assert.True(study.BestTrial!.Number >= 10, $"best trial {study.BestTrial.Number}");
    }

    [Fact]
    public void RunWithoutASamplerUsesAutoWhichLearnsFromAWarmStartAndRecordsItsChoice()
    {
        Launcher.Run("run", "functions-branin", "--sampler", "random", "--trials", "30", "--name", "earlier", "--storage", _directory.File("a.db"));
        var run = Launcher.Run("run", "functions-branin", "--trials", "4", "--warm-start", "earlier", "--name", "later", "--storage", _directory.File("a.db"));

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain(run.ErrorLines, l => l.Contains("ignores it", StringComparison.Ordinal));
        using var storage = new LiteDbStorage(_directory.File("a.db"));
        var study = Study.Load("later", new StudyOptions { Storage = storage });
        Assert.Equal("auto", study.UserAttrs["sampler"]);
        Assert.All(study.Trials, t => Assert.Equal(AutoSampler.Gp, t.SystemAttrs[AutoSampler.SamplerAttr]));
        // The GP it delegates to is warm-started: every proposal carries the earlier study's weight, but the probe,
        // the design point after the first proposal that tests the earlier study's ranking.
        Assert.Equal([1], study.Trials.Where(t => t.SystemAttrs.ContainsKey(GpSampler.ProbeAttr)).Select(t => t.Number));
        Assert.All(study.Trials.Where(t => t.Number != 1), t => Assert.True(t.SystemAttrs.ContainsKey(GpSampler.WeightsAttr), $"trial {t.Number}"));
    }

    [Fact]
    public void RunWarmStartsCmaEsFromAnEarlierStudy()
    {
        Launcher.Run("run", "functions-branin", "--sampler", "random", "--trials", "30", "--name", "earlier", "--storage", _directory.File("w.db"));
        var run = Launcher.Run("run", "functions-branin", "--sampler", "cmaes", "--trials", "6", "--warm-start", "earlier", "--name", "later", "--storage", _directory.File("w.db"));

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain(run.ErrorLines, l => l.Contains("ignores it", StringComparison.Ordinal));
        using var storage = new LiteDbStorage(_directory.File("w.db"));
        // Warm-started, even the first trial is drawn from CMA-ES's first generation, the earlier study's distribution.
        Assert.All(storage.GetAllTrials("later"), t => Assert.Equal(0, Convert.ToInt32(t.SystemAttrs[CmaEsSampler.GenerationAttr], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void ACmaEsRunResumedFromItsStorageProposesWhatOneRunWould()
    {
        // Each run is a process of its own: nothing but the storage carries the state from one to the next.
        LauncherOutcome Start(string storage, int trials) => Launcher.Start(_directory.Path,
            ["run", "functions-branin", "--sampler", "cmaes", "--trials", trials.ToString(CultureInfo.InvariantCulture), "--storage", _directory.File(storage)],
            new Dictionary<string, string>());
        Assert.Equal(0, Start("whole.db", 18).ExitCode);
        Assert.Equal(0, Start("parts.db", 10).ExitCode);
        var resumed = Start("parts.db", 18);

        Assert.Equal(0, resumed.ExitCode);
        using var whole = new LiteDbStorage(_directory.File("whole.db"));
        using var parts = new LiteDbStorage(_directory.File("parts.db"));
        var expected = whole.GetAllTrials("functions-branin");
        var actual = parts.GetAllTrials("functions-branin");
        Assert.Equal(18, actual.Count);
        Assert.Equal(expected.Select(t => t.Params), actual.Select(t => t.Params));
        // Trials 13 to 17 come from generation 2 (λ = 6 after one independent trial), rebuilt from the stored candidates.
        Assert.Equal(2, Convert.ToInt32(actual[^1].SystemAttrs[CmaEsSampler.GenerationAttr], CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("pso", ParticleSwarmSampler.PointAttr)]
    [InlineData("nelder-mead", NelderMeadSampler.PointAttr)]
    public void ASwarmOrSimplexRunResumedFromItsStorageProposesWhatOneRunWould(string sampler, string pointAttr)
    {
        // Each run is a process of its own: nothing but the storage carries the swarm or the simplex from one to the next.
        LauncherOutcome Start(string storage, int trials) => Launcher.Start(_directory.Path,
            ["run", "functions-branin", "--sampler", sampler, "--trials", trials.ToString(CultureInfo.InvariantCulture), "--storage", _directory.File(storage)],
            new Dictionary<string, string>());
        Assert.Equal(0, Start("whole.db", 24).ExitCode);
        Assert.Equal(0, Start("parts.db", 13).ExitCode);
        var resumed = Start("parts.db", 24);

        Assert.Equal(0, resumed.ExitCode);
        using var whole = new LiteDbStorage(_directory.File("whole.db"));
        using var parts = new LiteDbStorage(_directory.File("parts.db"));
        var expected = whole.GetAllTrials("functions-branin");
        var actual = parts.GetAllTrials("functions-branin");
        Assert.Equal(24, actual.Count);
        Assert.Equal(expected.Select(t => t.Params), actual.Select(t => t.Params));
        Assert.Equal(expected.Select(t => t.SystemAttrs.GetValueOrDefault(pointAttr)), actual.Select(t => t.SystemAttrs.GetValueOrDefault(pointAttr)));
        Assert.All(actual.Skip(1), t => Assert.True(t.SystemAttrs.ContainsKey(pointAttr)));
    }

    [Theory]
    [InlineData("run")]
    [InlineData("ask")]
    public void SamplerHelpListsTheNamesAndTheAlias(string command)
    {
        var help = Launcher.Run(command, "--help");

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("tpe|random|grid|gp|tpe-group|tpe-multivariate", help.Output);
        Assert.Contains("tpegroup is an alias of tpe-group", help.Output);
    }

    [Fact]
    public void AnAliasOnTheCommandLineIsStoredUnderItsName()
    {
        var outcome = Launcher.Run("run", "functions-branin", "--trials", "2", "--sampler", "tpegroup", "--storage", _directory.File("s.db"));

        Assert.Equal(0, outcome.ExitCode);
        using var storage = LiteDbStorage.OpenReadOnly(_directory.File("s.db"));
        Assert.Equal("tpe-group", storage.FindStudy("functions-branin")!.UserAttrs["sampler"]);
    }

    [Fact]
    public void AStudyStoredUnderTheOldNameResumesWithTheSameSamplerAndNoNote()
    {
        var path = _directory.File("s.db");
        Assert.Equal(0, Launcher.Run("run", "functions-branin", "--trials", "2", "--sampler", "tpe-group", "--storage", path).ExitCode);
        // As the launcher stored it before the registry: the old name in the setting and in the run history.
        using (var storage = new LiteDbStorage(path))
        {
            var study = Study.Load("functions-branin", new StudyOptions { Storage = storage });
            study.SetUserAttr("sampler", "tpegroup");
            study.SetUserAttr("runs", ((string)study.UserAttrs["runs"]).Replace("\"tpe-group\"", "\"tpegroup\"", StringComparison.Ordinal));
        }

        var resumed = Launcher.Run("run", "functions-branin", "--trials", "3", "--sampler", "tpegroup", "--storage", path);

        Assert.Equal(0, resumed.ExitCode);
        Assert.Empty(resumed.ErrorLines);
        using var read = LiteDbStorage.OpenReadOnly(path);
        var info = read.FindStudy("functions-branin")!;
        Assert.Contains("\"tpegroup\"", (string)info.UserAttrs["runs"], StringComparison.Ordinal);
        Assert.Equal(3, read.GetAllTrials("functions-branin").Count);
        // ask, which builds the stored sampler, reads the old name as the sampler it named.
        var options = ExternalStudy.AskOptions(read, info with { UserAttrs = new Dictionary<string, object> { ["sampler"] = "tpegroup", ["seed"] = 3 } },
            Space, directions: null, sampler: null, pruner: null, seed: null);
        Assert.Equal(Draws(new TpeSampler(new TpeSamplerOptions { Seed = 3, Multivariate = true, Group = true })), Draws(options.Sampler!));
    }

    // Fifteen trials (ten start-up, five from the model) on the conditional space, as one comparable string.
    private static string Draws(ISampler sampler)
    {
        var study = Study.Create("draws", new StudyOptions { Sampler = sampler });
        study.Optimize(trial =>
        {
            var kind = trial.SuggestCategorical("kind", new[] { "a", "b" });
            var v = kind == "a" ? trial.SuggestFloat("x", -2, 2) - trial.SuggestFloat("w", -2, 2) : trial.SuggestFloat("y", -2, 2) + 1;
            return v * v + trial.SuggestInt("z", 0, 4);
        }, trials: 15);
        return string.Join(";", study.Trials.Select(t =>
            string.Join(",", t.Params.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}={p.Value}")))));
    }
}
