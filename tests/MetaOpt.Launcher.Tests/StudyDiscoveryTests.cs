using MetaOpt.Studies;
using MetaOpt.Studies.Recommender;

namespace MetaOpt.Launcher.Tests;

public sealed class StudyDiscoveryTests
{
    [Fact]
    public void FindsEveryStudyClassByReflectionSortedByName()
    {
        var functions = StudyCatalog.All.Select(d => d.Name).ToList();
        var recommender = RecommenderCatalog.All.Select(d => d.Name).ToList();

        Assert.Equal(["functions-ackley5", "functions-branin", "functions-dtlz2", "functions-hartmann3", "functions-mixed", "functions-noisy-branin",
            "functions-rosenbrock4", "functions-zdt1"], functions);
        Assert.Equal(["movielens-1m", "movielens-distill", "movielens-maml", "movielens-maml-cost", "movielens-meta-transfer", "movielens-strategy", "movielens-transfer",
            "synthetic-cold-start", "synthetic-cost", "synthetic-distill", "synthetic-large", "synthetic-strategy", "synthetic-transfer"], recommender);
    }

    [Fact]
    public void EveryStudyDeclaresASearchSpaceAndSensibleDefaults()
    {
        Assert.All(StudyCatalog.All.Concat(RecommenderCatalog.All), d =>
        {
            Assert.NotEmpty(d.SearchSpace);
            Assert.False(string.IsNullOrWhiteSpace(d.Description));
            Assert.True(d.DefaultTrialCount > 0);
            Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", d.Name);
        });
    }

    [Fact]
    public void FindsByExactNameOnly()
    {
        Assert.IsType<MetaOpt.Studies.Functions.BraninStudy>(StudyCatalog.Find("functions-branin"));
        Assert.Null(StudyCatalog.Find("Functions-Branin"));
        Assert.Null(StudyCatalog.Find("branin"));
    }

    [Fact]
    public void RecommenderStudiesUseOnlyParametersATrainingRunUnderstands()
    {
        var recommender = RecommenderCatalog.All.OfType<RecommenderStudy>().ToList();

        Assert.Equal(11, recommender.Count);
        Assert.All(recommender, d => Assert.Subset(
            MetaOpt.Studies.Recommender.TrainingParameters.Names.ToHashSet(), d.SearchSpace.Keys.ToHashSet()));
        Assert.Equal(DataRequirement.None, RecommenderCatalog.Find("synthetic-cold-start")!.Data);
        Assert.Contains("pretrain_epochs", RecommenderCatalog.Find("movielens-meta-transfer")!.SearchSpace.Keys);
        Assert.Contains("hidden_layers", RecommenderCatalog.Find("synthetic-cost")!.SearchSpace.Keys);
    }

    [Fact]
    public void TrainingParametersSetTheConfigurationAndRejectUnknownNames()
    {
        var config = MetaOpt.Studies.Recommender.TrainingParameters.Apply(new MetaOpt.Recommender.TrainingConfig(),
            new Dictionary<string, object> { ["algo"] = "reptile", ["meta_lr"] = 0.01, ["inner_steps"] = 3, ["meta_batch"] = 16 });

        Assert.Equal(MetaOpt.Recommender.MetaAlgorithm.Reptile, config.Algo);
        Assert.Equal(0.01, config.MetaLr);
        Assert.Equal(3, config.InnerSteps);
        Assert.Equal(16, config.MetaBatch);
        var error = Assert.Throws<ArgumentException>(() => MetaOpt.Studies.Recommender.TrainingParameters.Apply(
            new MetaOpt.Recommender.TrainingConfig(), new Dictionary<string, object> { ["dropout"] = 0.1 }));
        Assert.Contains("'dropout'", error.Message);
    }

    [Fact]
    public void BenchmarkFunctionsTakeTheirKnownOptimum()
    {
        var branin = (MetaOpt.Studies.Functions.BraninStudy)StudyCatalog.Find("functions-branin")!;
        var mixed = (MetaOpt.Studies.Functions.MixedStudy)StudyCatalog.Find("functions-mixed")!;

        Assert.Equal(branin.Optimum, branin.Evaluate(new Dictionary<string, object> { ["x1"] = Math.PI, ["x2"] = 2.275 }), 5);
        Assert.Equal(0.0, mixed.Evaluate(new Dictionary<string, object> { ["lr"] = Math.Pow(10, -3.3), ["batch"] = 96, ["steps"] = 4, ["algo"] = "b" }), 9);
    }
}
