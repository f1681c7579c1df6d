using Npgsql;

namespace MetaOpt.Storage.Postgres.Tests;

/// <summary>The schema version 1 (before the study row counted its budget) migrated in place by a newer MetaOpt.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SchemaMigrationTests
{
    [SkippableFact]
    public void A_version_1_database_is_migrated_and_its_budget_counts_the_trials_it_already_held()
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
