namespace MetaOpt.Storage.Postgres.Tests;

/// <summary>Real <c>metaopt run</c> processes sharing one study in PostgreSQL: the study's total, kills and a server restart.</summary>
[Collection(PostgresCollection.Name)]
public sealed class WorkerProcessTests
{
    private const string Study = "functions-branin";
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    [SkippableFact]
    public void EightWorkersFinishExactlyTheStudysTotalWithGaplessNumbers()
    {
        var url = PostgresServer.Require().NewDatabase();
        using var fleet = new WorkerFleet(url, Study, trials: 400);
        for (var i = 0; i < 8; i++)
            fleet.Start();

        fleet.WaitAll(Limit);

        using var storage = new PostgresStorage(url);
        var trials = storage.GetAllTrials(Study);
        Assert.Equal(Enumerable.Range(0, 400), trials.Select(t => t.Number));
        Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));
        // Each trial names the host and process that ran it; with eight workers, more than one did.
        var owners = trials.Select(t => (string)t.SystemAttrs["owner"]).ToList();
        Assert.All(owners, o => Assert.StartsWith(Environment.MachineName + ":", o));
        Assert.True(owners.Distinct().Count() > 1, "one worker ran every trial");
    }

    [SkippableFact]
    public void KilledWorkersTrialsAreFailedAndRetriedAndTheOthersFinishTheStudy()
    {
        var url = PostgresServer.Require().NewDatabase();
        var random = new Random(13);
        using var storage = new PostgresStorage(url);
        using var fleet = new WorkerFleet(url, Study, trials: 400);
        for (var i = 0; i < 8; i++)
            fleet.Start();

        for (var kill = 1; kill <= 5; kill++)
        {
            WorkerFleet.WaitForFinished(storage, Study, kill * 50);
            Assert.True(fleet.KillOne(random, storage, Study), "every worker had exited before the kills were done");
            // The replacement, as a supervisor would start, fails the dead worker's trial when it loads the study.
            fleet.Start();
        }
        fleet.WaitAll(Limit);

        var trials = storage.GetAllTrials(Study);
        Assert.DoesNotContain(trials, t => t.State == TrialState.Running);
        // A killed trial that is re-run counts once, as its re-run: the study's budget is 400 counted trials.
        Assert.Equal(400, TrialBudget.Used(trials));
        Assert.Equal(Enumerable.Range(0, trials.Count), trials.Select(t => t.Number));
        var failed = trials.Where(t => t.State == TrialState.Failed).ToList();
        Assert.NotEmpty(failed);
        var retried = trials.Where(t => t.SystemAttrs.ContainsKey("retry_of")).Select(t => Convert.ToInt32(t.SystemAttrs["retry_of"])).ToHashSet();
        Assert.All(failed, t => Assert.Contains(t.Number, retried));
    }

    [SkippableFact]
    public void WorkersRideThroughAServerRestartAndLoseNothing()
    {
        var server = PostgresServer.Require().RequireControl();
        var url = server.NewDatabase();
        using var fleet = new WorkerFleet(url, Study, trials: 300);
        for (var i = 0; i < 4; i++)
            fleet.Start();
        using (var storage = new PostgresStorage(url))
            WorkerFleet.WaitForFinished(storage, Study, 60);

        server.Restart();
        fleet.WaitAll(Limit);

        using var reopened = new PostgresStorage(url);
        var trials = reopened.GetAllTrials(Study);
        Assert.Equal(Enumerable.Range(0, 300), trials.Select(t => t.Number));
        Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));
    }
}
