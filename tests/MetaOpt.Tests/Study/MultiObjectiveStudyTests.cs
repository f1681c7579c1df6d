using System.Globalization;
namespace MetaOpt.Tests;

public class MultiObjectiveStudyTests
{
    private static readonly Direction[] MinMax = [Direction.Minimize, Direction.Maximize];

    private static Study Create(IStorage storage, ISampler? sampler = null, string name = "mo") =>
        Study.Create(name, new StudyOptions { Directions = MinMax, Sampler = sampler ?? new RandomSampler(1), Storage = storage });

    private static FrozenTrial TellOne(Study study, double x, double a, double b)
    {
        var trial = study.Ask();
        trial.SuggestFloat("x", 0, 1);
        return study.Tell(trial, [a, b]);
    }

    [Fact]
    public void DirectionAndDirectionsTogetherAreRefused()
    {
        var storage = new InMemoryStorage();
        var e = Assert.Throws<ArgumentException>(() => Study.Create("both", new StudyOptions
        {
            Direction = Direction.Minimize, Directions = MinMax, Storage = storage,
        }));
        Assert.Contains("not both", e.Message);
        Assert.Empty(storage.GetAllStudies());
    }

    [Fact]
    public void EmptyDirectionsAreRefused()
    {
        var storage = new InMemoryStorage();
        var e = Assert.Throws<ArgumentException>(() => Study.Create("none", new StudyOptions { Directions = [], Storage = storage }));
        Assert.Contains("at least one", e.Message);
        Assert.Empty(storage.GetAllStudies());
    }

    [Fact]
    public void ATrialKeepsItsValuesAndHasNoSingleValue()
    {
        var study = Create(new InMemoryStorage());
        Assert.True(study.IsMultiObjective);
        Assert.Equal(MinMax, study.Directions);
        var told = TellOne(study, 0.5, 1.5, -2);
        Assert.Equal([1.5, -2], told.Values);
        Assert.Null(told.Value);
        var stored = study.Trials.Single();
        Assert.Equal([1.5, -2], stored.Values);
        Assert.Null(stored.Value);
        Assert.Equal(TrialState.Complete, stored.State);
    }

    [Fact]
    public void ASingleObjectiveTrialReadsItsValueAsItsOnlyValue()
    {
        var study = Study.Create("single", new StudyOptions { Sampler = new RandomSampler(1) });
        var trial = study.Ask();
        var told = study.Tell(trial, [3.5]);
        Assert.Equal(3.5, told.Value);
        Assert.Equal([3.5], told.Values);
        Assert.False(study.IsMultiObjective);
        Assert.Equal(Direction.Minimize, study.Direction);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void TellingAnotherNumberOfValuesIsRefusedAndTheTrialStaysRunning(int count)
    {
        var study = Create(new InMemoryStorage());
        var trial = study.Ask();
        var e = Assert.Throws<ArgumentException>(() => study.Tell(trial, Enumerable.Repeat(1.0, count).ToArray()));
        Assert.Contains($"needs 2 values, not {count}", e.Message);
        Assert.Equal(TrialState.Running, study.Trials.Single().State);
    }

    [Fact]
    public void TellingOneValueToAMultiObjectiveStudyIsRefused()
    {
        var study = Create(new InMemoryStorage());
        var trial = study.Ask();
        Assert.Throws<ArgumentException>(() => study.Tell(trial, 1.0));
        Assert.Equal(TrialState.Running, study.Trials.Single().State);
    }

    [Fact]
    public void ANonFiniteValueFailsTheTrial()
    {
        var study = Create(new InMemoryStorage());
        var told = study.Tell(study.Ask(), [1.0, double.NaN]);
        Assert.Equal(TrialState.Failed, told.State);
        Assert.Null(told.Values);
        Assert.Contains("NaN", told.FailReason);
    }

    [Fact]
    public void OptimizeWithOneValueIsRefusedBeforeAnyTrial()
    {
        var study = Create(new InMemoryStorage());
        var e = Assert.Throws<ArgumentException>(() => study.Optimize(_ => 1.0, trials: 3));
        Assert.Contains("returns 2 values", e.Message);
        Assert.Empty(study.Trials);
    }

    [Fact]
    public void OptimizeObjectivesStoresTheValuesAndFailsATrialWithAnotherCount()
    {
        var study = Create(new InMemoryStorage());
        study.OptimizeObjectives(t =>
        {
            var x = t.SuggestFloat("x", 0, 1);
            return t.Number == 1 ? [x] : [x, 1 - x];
        }, trials: 3);
        var trials = study.Trials;
        Assert.Equal([TrialState.Complete, TrialState.Failed, TrialState.Complete], trials.Select(t => t.State));
        Assert.Contains("returned 1 values, but study 'mo' has 2 objectives", trials[1].FailReason);
        var x0 = (double)trials[0].Params["x"];
        Assert.Equal([x0, 1 - x0], trials[0].Values);
    }

    [Fact]
    public void BestTrialAndBestValueAreRefusedAndBestTrialsIsTheParetoFront()
    {
        var study = Create(new InMemoryStorage());
        TellOne(study, 0, 1, 1);   // front (min 1, max 1)
        TellOne(study, 0, 2, 3);   // front (worse first, better second)
        TellOne(study, 0, 2, 2);   // dominated by #1
        TellOne(study, 0, 1, 1);   // equal to #0: on the front too
        TellOne(study, 0, 0.5, 0); // front
        var e = Assert.Throws<InvalidOperationException>(() => study.BestTrial);
        Assert.Contains("BestTrials", e.Message);
        Assert.Throws<InvalidOperationException>(() => study.BestValue);
        Assert.Throws<InvalidOperationException>(() => study.Direction);
        Assert.Equal([0, 1, 3, 4], study.BestTrials.Select(t => t.Number));
    }

    [Fact]
    public void BestTrialsOfASingleObjectiveStudyAreThoseSharingTheBestValue()
    {
        var study = Study.Create("single", new StudyOptions { Direction = Direction.Maximize, Sampler = new RandomSampler(1) });
        foreach (var v in new[] { 1.0, 3, 2, 3 })
            study.Tell(study.Ask(), v);
        Assert.Equal([1, 3], study.BestTrials.Select(t => t.Number));
    }

    [Fact]
    public void ReportAndShouldPruneAreRefused()
    {
        var study = Create(new InMemoryStorage());
        var trial = study.Ask();
        Assert.Contains("pruning", Assert.Throws<InvalidOperationException>(() => trial.Report(1, 0)).Message);
        Assert.Contains("pruning", Assert.Throws<InvalidOperationException>(() => trial.ShouldPrune()).Message);
        Assert.Empty(study.Trials.Single().IntermediateValues);
    }

    [Fact]
    public void APrunerIsRefusedBeforeTheStudyIsStored()
    {
        var storage = new InMemoryStorage();
        var e = Assert.Throws<ArgumentException>(() => Study.Create("mo", new StudyOptions
        {
            Directions = MinMax, Sampler = new RandomSampler(1), Pruner = new MedianPruner(), Storage = storage,
        }));
        Assert.Contains("MedianPruner", e.Message);
        Assert.Empty(storage.GetAllStudies());
    }

    public static TheoryData<string> SingleObjectiveSamplers => ["gp", "cmaes", "pso", "nelder-mead", "rf"];

    [Theory]
    [MemberData(nameof(SingleObjectiveSamplers))]
    public void ASamplerOfOneObjectiveIsRefusedBeforeTheStudyIsStored(string name)
    {
        ISampler sampler = name switch
        {
            "gp" => new GpSampler(1),
            "cmaes" => new CmaEsSampler(1),
            "pso" => new ParticleSwarmSampler(1),
            "nelder-mead" => new NelderMeadSampler(1),
            _ => new RandomForestSampler(1),
        };
        var storage = new InMemoryStorage();
        var e = Assert.Throws<ArgumentException>(() => Create(storage, sampler));
        Assert.Contains(sampler.GetType().Name + " cannot optimise", e.Message);
        Assert.Empty(storage.GetAllStudies());
    }

    public static TheoryData<string> MultiObjectiveSamplers => ["random", "qmc", "auto", "nsga2", "tpe"];

    [Theory]
    [MemberData(nameof(MultiObjectiveSamplers))]
    public void SamplersThatIgnoreOrRankSeveralValuesRunAStudy(string name)
    {
        ISampler sampler = name switch
        {
            "random" => new RandomSampler(1),
            "qmc" => new QmcSampler(1),
            "auto" => new AutoSampler(1),
            "tpe" => new TpeSampler(new TpeSamplerOptions { Seed = 1, StartupTrials = 4 }),
            _ => new NsgaIISampler(new NsgaIISamplerOptions { Seed = 1, PopulationSize = 4 }),
        };
        var study = Create(new InMemoryStorage(), sampler);
        study.OptimizeObjectives(t => { var x = t.SuggestFloat("x", 0, 1); return [x, x * x]; }, trials: 10);
        Assert.Equal(10, study.GetTrials(TrialState.Complete).Count);
        Assert.All(study.Trials, t => Assert.Equal(2, t.Values!.Count));
    }

    [Fact]
    public void TheAutoSamplerHandsAMultiObjectiveStudyToMotpeThenToNsgaIIFromMotpeTrialsOn()
    {
        var sampler = new AutoSampler(new AutoSamplerOptions { Seed = 1, MotpeTrials = 12 });
        var study = Create(new InMemoryStorage(), sampler);
        study.OptimizeObjectives(t =>
        {
            var x = t.SuggestFloat("x", 0, 1);
            return t.Number == 3 ? throw new InvalidOperationException("fails") : [x, 1 - x];
        }, trials: 16);

        // The failed trial does not count: the twelfth complete trial is trial 12, so NSGA-II proposes from trial 13 on.
        Assert.Equal([.. Enumerable.Repeat(AutoSampler.Tpe, 13), .. Enumerable.Repeat(AutoSampler.NsgaII, 3)],
            study.Trials.Select(t => t.SystemAttrs[AutoSampler.SamplerAttr]));
        Assert.All(study.Trials.Take(13), t => Assert.False(t.SystemAttrs.ContainsKey(NsgaIISampler.GenerationAttr)));
        Assert.All(study.Trials.Skip(13), t => Assert.Equal(0L, Convert.ToInt64(t.SystemAttrs[NsgaIISampler.GenerationAttr], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void TheAutoSamplersMultiObjectiveSwitchIsAt150ByDefaultAndAtLeastZero()
    {
        Assert.Equal(150, new AutoSampler(1).MotpeTrials);
        Assert.Equal("MotpeTrials", Assert.Throws<ArgumentOutOfRangeException>(() => new AutoSampler(new AutoSamplerOptions { MotpeTrials = -1 })).ParamName);
    }

    [Fact]
    public void LoadingWithOtherDirectionsIsRefused()
    {
        var storage = new InMemoryStorage();
        Create(storage);
        var e = Assert.Throws<InvalidOperationException>(() => Study.Load("mo", new StudyOptions
        {
            Directions = [Direction.Minimize, Direction.Minimize], Sampler = new RandomSampler(1), Storage = storage,
        }));
        Assert.Contains("Minimize Maximize", e.Message);
        Assert.Contains("Minimize Minimize", e.Message);
        Assert.Throws<InvalidOperationException>(() => Study.Load("mo", new StudyOptions { Direction = Direction.Minimize, Storage = storage }));
        Assert.Equal(MinMax, Study.Load("mo", new StudyOptions { Sampler = new RandomSampler(1), Storage = storage }).Directions);
    }

    [Fact]
    public void IntensificationIsRefused()
    {
        var storage = new InMemoryStorage();
        Assert.Throws<ArgumentException>(() => Study.Create("mo", new StudyOptions
        {
            Directions = MinMax, Sampler = new RandomSampler(1), Intensification = new IntensificationOptions(), Storage = storage,
        }));
        Assert.Empty(storage.GetAllStudies());
    }
}
