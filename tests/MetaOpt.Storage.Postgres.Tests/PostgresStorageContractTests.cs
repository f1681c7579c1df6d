using MetaOpt.Storage.Testing;

namespace MetaOpt.Storage.Postgres.Tests;

/// <summary>The storage contract for <see cref="PostgresStorage"/>, each test in a database of its own, reopened as a new process would.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStorageContractTests : StorageContractTests
{
    private string? _url;

    protected override IStorage Open()
    {
        _url ??= PostgresServer.Require().NewDatabase();
        return new PostgresStorage(_url);
    }

    protected override IStorage Reopen(IStorage storage)
    {
        storage.Dispose();
        return Open();
    }

    [SkippableFact]
    public void RepeatsOfOneConfigurationStartedFromTwoConnectionsAtOnceTakeDistinctIndices()
    {
        // Two storage handles, as two worker processes have: each enqueues and starts repeats of the same configuration.
        using var first = Open();
        using var second = Open();
        var study = Study.Create("s", new StudyOptions { Storage = first, Seed = 1, Sampler = new RandomSampler(seed: 1) });
        var trial = study.Ask();
        trial.SuggestFloat("x", 0, 1);
        var configuration = study.Tell(trial, 1);

        Parallel.ForEach(new[] { first, second }, storage =>
        {
            var worker = Study.Load("s", new StudyOptions { Storage = storage });
            for (var i = 0; i < 8; i++)
            {
                worker.EnqueueRepeat(configuration);
                var repeat = worker.Ask();
                repeat.SuggestFloat("x", 0, 1);
                worker.Tell(repeat, 2);
            }
        });

        var repeats = study.Trials.Where(t => t.Number > 0).ToList();
        Assert.Equal(Enumerable.Range(1, 16), repeats.Select(t => t.Repeat).Order());
        Assert.Equal(16, repeats.Select(t => t.Seed).Distinct().Count());
        Assert.All(repeats, t => Assert.Equal(0, t.Configuration));
    }

    [SkippableFact]
    public void TwoProcessesReportingOneStepKeepTheFirstValueWhicheverHeldTheTrialLonger()
    {
        // Two report-value processes: the second holds the trial as it was before the first report (its cached
        // revision), so its write is redone on the row the first one left, where the step already stands.
        using var first = Open();
        using var second = Open();
        first.CreateStudy("s", Direction.Minimize);
        var trial = first.CreateTrial("s", TrialState.Running);
        second.SetTrialUserAttr(trial.Id, "seen", true);

        first.SetTrialIntermediateValue(trial.Id, 2, 0.4);
        second.SetTrialIntermediateValue(trial.Id, 2, 0.9);
        second.SetTrialIntermediateValue(trial.Id, 3, 0.3);

        Assert.Equal([(2, 0.4), (3, 0.3)], first.GetTrial(trial.Id).IntermediateValues.Select(kv => (kv.Key, kv.Value)));
        Assert.Equal(true, first.GetTrial(trial.Id).UserAttrs["seen"]);
    }
}
