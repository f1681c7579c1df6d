using MetaOpt.Recommender;
using MetaOpt.Studies;
using MetaOpt.Studies.Recommender;

namespace MetaOpt.Launcher.Tests;

/// <summary>A recommender study's trials with validation folds (<see cref="StudyRunContext.Folds"/>).</summary>
public class RecommenderFoldsTests
{
    private static FrozenTrial OneTrial(int folds)
    {
        var prepared = new SyntheticColdStartStudy().Prepare(new StudyRunContext { Epochs = 1, Folds = folds, Seed = 4 });
        var study = Study.Create("folds", new StudyOptions { Sampler = new RandomSampler(seed: 3) });
        study.Optimize(prepared.Objective, trials: 1, stopOnCtrlC: false);
        var trial = Assert.Single(study.Trials);
        Assert.Equal(TrialState.Complete, trial.State);
        return trial;
    }

    [Fact]
    public void TwoFoldsStoreEachFoldsValidationMaeWhoseMeanIsTheObjective()
    {
        var trial = OneTrial(folds: 2);

        var first = (double)trial.UserAttrs[RecommenderAttributes.FoldValMaePrefix + "1"];
        var second = (double)trial.UserAttrs[RecommenderAttributes.FoldValMaePrefix + "2"];
        Assert.False(trial.UserAttrs.ContainsKey(RecommenderAttributes.FoldValMaePrefix + "3"));
        Assert.NotEqual(first, second);
        Assert.Equal((first + second) / 2, trial.Value!.Value, 12);
        Assert.Equal(trial.Value, (double)trial.UserAttrs[RecommenderAttributes.ValMae]);
        // Only the first fold reports its epochs, for the pruner.
        Assert.Equal(first, Assert.Single(trial.IntermediateValues).Value);
    }

    [Fact]
    public void OneFoldTrainsWhatARunWithoutFoldsTrains()
    {
        var trial = OneTrial(folds: 1);

        Assert.DoesNotContain(trial.UserAttrs.Keys, k => k.StartsWith(RecommenderAttributes.FoldValMaePrefix, StringComparison.Ordinal));
        // The trial's training, done by hand: the study's network, the run's seed plus the trial's number, the meta-validation split.
        var config = TrainingParameters.Apply(
            new TrainingConfig { EmbeddingDim = 16, Hidden = 32, Epochs = 1, Threads = 1, Baselines = false, Seed = 4 + trial.Number }, trial.Params);
        var tasks = ColdStartTasks.Build(SyntheticColdStartGenerator.Generate(SyntheticColdStartStudy.DataOptions));
        Assert.Equal(RecommenderTrainer.Train(tasks, config with { Epochs = 1 }).MetaValidation.Mae, trial.Value);
    }
}
