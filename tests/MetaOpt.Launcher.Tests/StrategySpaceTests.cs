using MetaOpt.Recommender;
using MetaOpt.Studies;
using MetaOpt.Studies.Recommender;

namespace MetaOpt.Launcher.Tests;

/// <summary>The strategy studies' conditional space: each strategy's parameters come only with it, and the
/// baselines and the single-strategy studies are points of it.</summary>
public sealed class StrategySpaceTests
{
    private static readonly StrategySpace Space = new MovieLensStrategyStudy().Space;

    private static readonly string[] Global = ["global_lr", "global_batch", "global_epochs"];
    private static readonly string[] Meta = ["meta_lr", "inner_lr", "inner_steps", "meta_batch", "pretrain_epochs"];

    [Fact]
    public void EachStrategySuggestsItsOwnParametersOnly()
    {
        var study = Study.Create("strategy", new StudyOptions { Sampler = new RandomSampler(4) });
        study.Optimize(t => Space.Suggest(t).Count, trials: 80);

        Assert.Equal(StrategySpace.Strategies.Order(), study.Trials.Select(t => (string)t.Params["strategy"]).Distinct().Order());
        foreach (var trial in study.Trials)
        {
            var strategy = (string)trial.Params["strategy"];
            string[] expected = strategy switch
            {
                StrategySpace.ZeroShot => Global,
                StrategySpace.FineTune => [.. Global, "inner_lr", "inner_steps"],
                _ => Meta,
            };
            Assert.Equal(expected.Append("strategy").Order(), trial.Params.Keys.Order());
            Assert.All(trial.Distributions, d => Assert.Equal(Space.Flat[d.Key], d.Value));
        }
    }

    [Fact]
    public void TheStrategySetsHowTheModelLearns()
    {
        var defaults = new TrainingConfig { InnerSteps = 3, PretrainEpochs = 2 };
        var zeroShot = TrainingParameters.Apply(defaults, new Dictionary<string, object> { ["strategy"] = "zero-shot", ["global_epochs"] = 4 });
        Assert.Equal((MetaAlgorithm.Transfer, 0, 0, 4), (zeroShot.Algo, zeroShot.InnerSteps, zeroShot.PretrainEpochs, zeroShot.Epochs));
        var fineTune = TrainingParameters.Apply(defaults, new Dictionary<string, object> { ["strategy"] = "fine-tune" });
        Assert.Equal((MetaAlgorithm.Transfer, 3, 0), (fineTune.Algo, fineTune.InnerSteps, fineTune.PretrainEpochs));
        Assert.Equal(MetaAlgorithm.MetaSgd, TrainingParameters.Apply(defaults, new Dictionary<string, object> { ["strategy"] = "metasgd" }).Algo);
        Assert.Throws<ArgumentException>(() => TrainingParameters.Apply(defaults, new Dictionary<string, object> { ["strategy"] = "transfer" }));
    }

    [Fact]
    public void EverySingleStrategyStudyIsASubspace()
    {
        // The cost and GPU-sized studies search the network's shape, which the strategy space holds fixed.
        foreach (var study in RecommenderCatalog.All.OfType<RecommenderStudy>().Where(s => s is not StrategyStudy && !s.SearchSpace.ContainsKey("hidden")))
        {
            var space = study.SearchSpace;
            var algorithms = ((CategoricalDistribution)space["algo"]).Choices.Cast<string>().ToArray();
            foreach (var algo in algorithms)
            {
                var strategy = algo == "transfer" ? StrategySpace.FineTune : algo;
                var branch = Space.ByStrategy[strategy];
                foreach (var (name, distribution) in space.Where(kv => kv.Key != "algo"))
                    Assert.Equal(branch[name], distribution);
                // What the single-strategy study does not search, the strategy space reaches at that study's setting.
                if (strategy == StrategySpace.FineTune)
                    Assert.True(branch["global_epochs"].Contains(study.Epochs), study.Name);
                else if (!space.ContainsKey("pretrain_epochs"))
                    Assert.True(branch["pretrain_epochs"].Contains(0), study.Name);
            }
        }
    }

    [Theory]
    [InlineData("zero-shot")]
    [InlineData("fine-tune")]
    public void EachBaselineIsAPointOfTheSpaceAndTrainingItReproducesTheBaseline(string baseline)
    {
        var defaults = new TrainingConfig { EmbeddingDim = 8, Hidden = 16, Threads = 1, Baselines = false };
        var point = StrategySpace.BaselinePoints(defaults)[baseline];
        foreach (var study in new StrategyStudy[] { new MovieLensStrategyStudy(), new SyntheticStrategyStudy() })
        {
            var branch = study.Space.ByStrategy[baseline];
            Assert.Equal(branch.Keys.Append("strategy").Order(), point.Keys.Order());
            foreach (var (name, distribution) in branch)
                Assert.True(distribution.Contains(distribution.ToInternal(point[name])), $"{study.Name}: {name} = {point[name]}");
        }

        var tasks = ColdStartTasks.Build(SyntheticColdStartGenerator.Generate(new SyntheticColdStartOptions { Users = 120, Items = 80, Seed = 5 }));
        var withBaselines = RecommenderTrainer.Train(tasks, defaults with { Algo = MetaAlgorithm.Transfer, Epochs = 1, Seed = 7, Baselines = true });
        var asPoint = RecommenderTrainer.Train(tasks, TrainingParameters.Apply(defaults with { Seed = RecommenderTrainer.BaselineSeed(7) }, point));
        var (validation, test) = baseline == StrategySpace.ZeroShot
            ? (withBaselines.GlobalZeroShotValidation!, withBaselines.GlobalZeroShot!)
            : (withBaselines.GlobalFineTunedValidation!, withBaselines.GlobalFineTuned!);
        Assert.Equal(validation.Mae, asPoint.MetaValidation.Mae, 12);
        Assert.Equal(test.Mae, asPoint.MetaTest.Mae, 12);
    }
}
