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
        // The trial's training, done by hand: the study's network, the trial's stored seed, the meta-validation split.
        Assert.Equal(Retrained(trial, trial.Seed!.Value), trial.Value);
    }

    [Fact]
    public void AStoredTrialTrainedAgainWithItsParametersAndSeedGivesItsValueAndAnotherSeedDoesNot()
    {
        var prepared = new SyntheticColdStartStudy().Prepare(new StudyRunContext { Epochs = 1, Seed = 4 });
        var storage = new InMemoryStorage();
        var study = Study.Create("seeded", new StudyOptions { Storage = storage, Seed = 11, Sampler = new RandomSampler(seed: 3) });
        study.Optimize(prepared.Objective, trials: 3, stopOnCtrlC: false);

        // Read back as another process would: the stored parameters and seed are all it takes. Not trial 0, so
        // that a seed depending on the trial's number is put to the test (some draws diverge and are pruned).
        var stored = Study.Load("seeded", new StudyOptions { Storage = storage }).Trials.First(t => t.Number > 0 && t.State == TrialState.Complete);

        Assert.NotEqual(study.Trials[0].Seed, stored.Seed);
        Assert.Equal(stored.Value, Retrained(stored, stored.Seed!.Value));
        Assert.NotEqual(stored.Value, Retrained(stored, stored.Seed!.Value + 1));
    }

    private static double Retrained(FrozenTrial trial, int seed)
    {
        var config = TrainingParameters.Apply(
            new TrainingConfig { EmbeddingDim = 16, Hidden = 32, Epochs = 1, Threads = 1, Baselines = false, Seed = seed }, trial.Params);
        var tasks = ColdStartTasks.Build(SyntheticColdStartGenerator.Generate(SyntheticColdStartStudy.DataOptions));
        return RecommenderTrainer.Train(tasks, config with { Epochs = 1 }).MetaValidation.Mae;
    }
}
