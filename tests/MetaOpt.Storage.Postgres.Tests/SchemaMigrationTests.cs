using Npgsql;

namespace MetaOpt.Storage.Postgres.Tests;

/// <summary>
/// The schema version 1 (before the study row counted its budget) migrated in place by a newer MetaOpt, and rows that
/// version 2 stored read back by the engine's one codec.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SchemaMigrationTests
{
    [SkippableFact]
    public void AVersion1DatabaseIsMigratedAndItsBudgetCountsTheTrialsItAlreadyHeld()
    {
        var url = PostgresServer.Require().NewDatabase();
        using (var storage = new PostgresStorage(url))
        {
            storage.CreateStudy("s", Direction.Minimize);
            for (var i = 0; i < 3; i++)
                storage.FinishTrial(storage.StartTrial("s", null)!.Id, TrialState.Complete, i, null);
            var killed = storage.StartTrial("s", null)!;
            storage.FailTrialAndRetry(killed.Id, "its worker died", new Dictionary<string, object> { [Study.RetryOfAttr] = killed.Number }, null);
            storage.CreateTrial("s", TrialState.Waiting);
        }
        // What version 1 had: no budget column, no trigger.
        Execute(url,
            "DROP TRIGGER metaopt_trials_budget ON metaopt_trials; DROP FUNCTION metaopt_count_budget(); " +
            "ALTER TABLE metaopt_studies DROP COLUMN budget_used; UPDATE metaopt_schema SET version = 1");

        using var migrated = new PostgresStorage(url);

        Assert.Equal(2L, Convert.ToInt64(Scalar(url, "SELECT version FROM metaopt_schema")));
        // 3 complete, and 1 failed whose retry waits (it counts once, as its retry): 3; Waiting trials are not started.
        Assert.Equal(3, TrialBudget.Used(migrated.GetAllTrials("s")));
        Assert.Equal(3L, Convert.ToInt64(Scalar(url, "SELECT budget_used FROM metaopt_studies WHERE name = 's'")));
        var retry = migrated.StartTrial("s", maxTrials: 6)!;
        Assert.True(retry.SystemAttrs.ContainsKey(Study.RetryOfAttr)); // the retry runs first
        Assert.Equal(5, migrated.StartTrial("s", maxTrials: 6)!.Number);
        Assert.Equal(6, migrated.StartTrial("s", maxTrials: 6)!.Number);
        Assert.Null(migrated.StartTrial("s", maxTrials: 6));
        Assert.Equal(6, TrialBudget.Used(migrated.GetAllTrials("s")));
    }

    [SkippableFact]
    public void ATrialRowStoredByVersion2ReadsBackWithItsDistributionsAndTypes()
    {
        var url = PostgresServer.Require().NewDatabase();
        long id;
        using (var storage = new PostgresStorage(url))
        {
            storage.CreateStudy("s", Direction.Minimize);
            id = storage.StartTrial("s", null)!.Id;
        }
        // The body as the PostgreSQL storage wrote it before the codec moved into the engine.
        Execute(url, "UPDATE metaopt_trials SET body = '" +
            """{"params":[{"name":"lr","internal":0.001,"distribution":{"kind":"float","low":1E-05,"high":0.1,"log":true,"step":null}},""" +
            """{"name":"drop","internal":0.25,"distribution":{"kind":"float","low":0,"high":0.5,"log":false,"step":0.05}},""" +
            """{"name":"batch","internal":32,"distribution":{"kind":"int","low":16,"high":256,"log":false,"step":16}},""" +
            """{"name":"opt","internal":4,"distribution":{"kind":"categorical","choices":[["s","adam"],["i",3],["b",true],["d",0.5],["l",7],["d","NaN"]]}}]""" +
            ""","intermediate":[[1,0.5],[2,"Infinity"]],"user_attrs":[["k",["i",7]],["n",["l",5000000000]]],"system_attrs":[["who",["s","me"]]]}""" +
            $"' WHERE id = {id}");

        using var reopened = new PostgresStorage(url);
        var trial = reopened.GetTrial(id);

        Assert.Equal(new FloatDistribution(1e-5, 0.1, log: true), trial.Distributions["lr"]);
        Assert.Equal(new FloatDistribution(0, 0.5, step: 0.05), trial.Distributions["drop"]);
        Assert.Equal(new IntDistribution(16, 256, step: 16), trial.Distributions["batch"]);
        var opt = (CategoricalDistribution)trial.Distributions["opt"];
        Assert.Equal([typeof(string), typeof(int), typeof(bool), typeof(double), typeof(long), typeof(double)], opt.Choices.Select(c => c.GetType()));
        Assert.Equal(new Dictionary<string, object> { ["lr"] = 0.001, ["drop"] = 0.25, ["batch"] = 32, ["opt"] = 7L }, trial.Params);
        Assert.Equal([0.5, double.PositiveInfinity], trial.IntermediateValues.Values);
        Assert.Equal(new Dictionary<string, object> { ["k"] = 7, ["n"] = 5_000_000_000L }, trial.UserAttrs);
        Assert.Equal("me", trial.SystemAttrs["who"]);
    }

    private static void Execute(string url, string sql)
    {
        using var connection = Connect(url);
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static object Scalar(string url, string sql)
    {
        using var connection = Connect(url);
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar()!;
    }

    private static NpgsqlConnection Connect(string url)
    {
        var connection = new NpgsqlConnection(PostgresServer.ConnectionStringOf(url));
        connection.Open();
        return connection;
    }
}
