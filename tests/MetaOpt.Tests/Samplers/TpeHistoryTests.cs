using MetaOpt.Samplers.Tpe;

namespace MetaOpt.Tests.Samplers;

public class TpeHistoryTests
{
    private static Study NewStudy(Direction direction = Direction.Minimize) =>
        Study.Create("history", new StudyOptions { Sampler = new RandomSampler(0), Direction = direction });

    private static Trial Start(Study study, double x, params double[] curve)
    {
        study.EnqueueTrial(new Dictionary<string, object> { ["x"] = x });
        var trial = study.Ask();
        trial.SuggestFloat("x", 0, 100);
        for (var step = 0; step < curve.Length; step++)
            trial.Report(curve[step], step);
        return trial;
    }

    private static double[] Xs(IEnumerable<TpeObservation> group) => group.Select(o => o.Values["x"]).ToArray();

    [Fact]
    public void CompleteTrialsSplitByValueBothGroupsInTrialOrder()
    {
        var study = NewStudy();
        foreach (var (x, value) in new[] { (0.0, 5.0), (1, 1), (2, 9), (3, 0.5), (4, 7), (5, 3), (6, 8), (7, 6), (8, 4), (9, 2), (10, 10) })
            study.Tell(Start(study, x), value);
        var current = study.Ask();
        var history = TpeHistory.Read(study, study.Storage.GetTrial(current.Id), constantLiar: false, TpeSampler.DefaultGamma);
        Assert.Equal(11, history.FinishedCount);
        Assert.Equal([1.0, 3.0], Xs(history.Below)); // γ(11) = 2: values 0.5 and 1
        Assert.Equal([0.0, 2, 4, 5, 6, 7, 8, 9, 10], Xs(history.Above));
    }

    [Fact]
    public void MaximizeTakesTheLargestValuesAsBelow()
    {
        var study = NewStudy(Direction.Maximize);
        for (var i = 0; i < 10; i++)
            study.Tell(Start(study, i), i);
        var history = TpeHistory.Read(study, study.Storage.GetTrial(study.Ask().Id), false, TpeSampler.DefaultGamma);
        Assert.Equal([9.0], Xs(history.Below));
    }

    [Fact]
    public void PrunedTrialsRankAfterCompleteOnesDeeperFirstThenByTheirLastValue()
    {
        var study = NewStudy();
        study.Tell(Start(study, 0), 50.0);                                    // complete, poor value
        study.Tell(Start(study, 1, 9, 0.1), TrialState.Pruned);               // pruned at step 1 with a great value
        study.Tell(Start(study, 2, 9, 8, 7), TrialState.Pruned);              // pruned at step 2, value 7
        study.Tell(Start(study, 3, 9, 8, 3), TrialState.Pruned);              // pruned at step 2, value 3
        study.Tell(Start(study, 4), TrialState.Pruned);                       // pruned before any report
        var finished = study.GetTrials(TrialState.Complete, TrialState.Pruned);
        Assert.Equal(0.1, finished[1].Value); // a pruned trial's value is its last report

        var ranked = Enumerable.Range(1, 5).Select(n => TpeHistory.Split(finished, Direction.Minimize, n).Below.Select(t => t.Number).Order()).ToList();
        Assert.Equal([0], ranked[0]);
        Assert.Equal([0, 3], ranked[1]);
        Assert.Equal([0, 2, 3], ranked[2]);
        Assert.Equal([0, 1, 2, 3], ranked[3]);
        Assert.Equal([0, 1, 2, 3, 4], ranked[4]);
    }

    [Fact]
    public void FailedTrialsAreIgnoredRunningOnesJoinAboveOnlyUnderTheConstantLiar()
    {
        var study = NewStudy();
        for (var i = 0; i < 10; i++)
            study.Tell(Start(study, i), i);
        study.Tell(Start(study, 50), TrialState.Failed);
        Start(study, 60);                                                      // left running by another worker
        var current = study.Ask();
        var frozen = study.Storage.GetTrial(current.Id);

        var plain = TpeHistory.Read(study, frozen, constantLiar: false, TpeSampler.DefaultGamma);
        Assert.Equal(10, plain.FinishedCount);
        Assert.DoesNotContain(50.0, Xs(plain.Above));
        Assert.DoesNotContain(60.0, Xs(plain.Above));

        var liar = TpeHistory.Read(study, frozen, constantLiar: true, TpeSampler.DefaultGamma);
        Assert.Equal(10, liar.FinishedCount);
        Assert.Equal([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 60], Xs(liar.Above));
        Assert.Equal([0.0], Xs(liar.Below));
    }

    [Fact]
    public void AReadThroughTheStudysCacheSplitsAsAFreshReadDoesAfterTrialsFinishOutOfOrder()
    {
        var study = NewStudy();
        var cache = new FinishedObservations();
        var random = new Random(5);
        var open = new List<Trial>();
        for (var round = 0; round < 60; round++)
        {
            open.Add(Start(study, random.Next(100), random.NextDouble()));
            // Trials finish in a shuffled order, some pruned, some failed, as with many workers.
            if (open.Count > 3 || round == 59)
            {
                var done = open[random.Next(open.Count)];
                open.Remove(done);
                switch (random.Next(4))
                {
                    case 0: study.Tell(done, TrialState.Pruned); break;
                    case 1: study.Tell(done, TrialState.Failed); break;
                    default: study.Tell(done, random.NextDouble()); break;
                }
            }
            var current = study.Storage.GetTrial(open[^1].Id);
            var cached = TpeHistory.Read(study, current, constantLiar: true, TpeSampler.DefaultGamma, cache);
            var fresh = TpeHistory.Read(study, current, constantLiar: true, TpeSampler.DefaultGamma);
            Assert.Equal(fresh.FinishedCount, cached.FinishedCount);
            Assert.Equal(fresh.Below.Select(o => o.Number), cached.Below.Select(o => o.Number));
            Assert.Equal(fresh.Above.Select(o => o.Number), cached.Above.Select(o => o.Number));
            Assert.Equal(Xs(fresh.Above), Xs(cached.Above));
        }
    }
}
