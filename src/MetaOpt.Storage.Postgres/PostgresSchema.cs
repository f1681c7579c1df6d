using Npgsql;

namespace MetaOpt.Storages.Postgres;

/// <summary>
/// Creates MetaOpt's tables in a database, or migrates them, once, under an advisory lock, so that many workers
/// starting together neither race nor half-create them; a schema newer than this MetaOpt's is refused.
/// </summary>
/// <remarks>
/// Tables (prefixed <c>metaopt_</c>, in the connection's search path, so they can share a database):
/// <c>metaopt_schema</c> (one row: the version), <c>metaopt_studies</c> (name, direction, creation, user attributes,
/// the count of trials ever created, which hands out numbers, and the count of trials that use up its budget, which a
/// trigger on the trials keeps) and <c>metaopt_trials</c> (unique on study and number, with a revision counted up by
/// every change, for optimistic updates).
/// </remarks>
internal static class PostgresSchema
{
    /// <summary>The version this MetaOpt writes; <see cref="Migrations"/>[v] takes version v to v + 1.</summary>
    public static int Version => Migrations.Length;

    /// <summary>An arbitrary, fixed key ("MetaOpt" in ASCII) that every MetaOpt process takes while it sets up tables.</summary>
    private const long AdvisoryLockKey = 0x4D6574614F7074;

    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE metaopt_studies (
            id bigserial PRIMARY KEY,
            name text NOT NULL UNIQUE,
            direction text NOT NULL,
            created bigint NOT NULL,
            user_attrs text NOT NULL,
            trial_count integer NOT NULL DEFAULT 0);
        CREATE TABLE metaopt_trials (
            id bigserial PRIMARY KEY,
            study_id bigint NOT NULL REFERENCES metaopt_studies (id) ON DELETE CASCADE,
            number integer NOT NULL,
            state text NOT NULL,
            value double precision,
            fail_reason text,
            datetime_start bigint,
            datetime_complete bigint,
            heartbeat bigint,
            body text NOT NULL,
            revision integer NOT NULL DEFAULT 0,
            UNIQUE (study_id, number));
        CREATE INDEX metaopt_trials_by_state ON metaopt_trials (study_id, state, number);
        """,
        // Version 2: the study's budget count (TrialBudget.Used) kept on its row by a trigger, so that starting a trial
        // reads one number instead of counting every trial of the study (and parsing the JSON of the retries).
        $$"""
        ALTER TABLE metaopt_studies ADD COLUMN budget_used integer NOT NULL DEFAULT 0;
        UPDATE metaopt_studies s SET budget_used = (
            SELECT count(*) FILTER (WHERE t.state <> 'Waiting') - count(*) FILTER (WHERE {{IsRetry("t.body")}})
            FROM metaopt_trials t WHERE t.study_id = s.id);
        CREATE OR REPLACE FUNCTION metaopt_count_budget() RETURNS trigger LANGUAGE plpgsql AS $body$
        DECLARE delta integer;
        BEGIN
            IF TG_OP = 'INSERT' THEN
                delta := (NEW.state <> 'Waiting')::integer - ({{IsRetry("NEW.body")}})::integer;
            ELSE
                delta := (NEW.state <> 'Waiting')::integer - (OLD.state <> 'Waiting')::integer;
            END IF;
            IF delta <> 0 THEN
                UPDATE metaopt_studies SET budget_used = budget_used + delta WHERE id = NEW.study_id;
            END IF;
            RETURN NULL;
        END
        $body$;
        CREATE TRIGGER metaopt_trials_budget AFTER INSERT OR UPDATE OF state ON metaopt_trials
            FOR EACH ROW EXECUTE FUNCTION metaopt_count_budget();
        """,
    ];

    /// <summary>
    /// SQL that is true when the trial body <paramref name="body"/> carries <see cref="Study.RetryOfAttr"/> (attributes
    /// are stored as [key, value] pairs, so the retry's pair contains [key]); the text test skips parsing other bodies.
    /// </summary>
    private static string IsRetry(string body) =>
        $"{body} LIKE '%\"{Study.RetryOfAttr}\"%' AND ({body}::jsonb -> 'system_attrs') @> '[[\"{Study.RetryOfAttr}\"]]'::jsonb";

    /// <summary>Brings the database's MetaOpt tables to <see cref="Version"/>, or with <paramref name="write"/> false only checks that they are at it.</summary>
    /// <exception cref="PostgresStorageException">The database holds a newer MetaOpt schema, or (not writing) none or an older one.</exception>
    public static void Ensure(NpgsqlConnection connection, string location, bool write = true)
    {
        if (!write)
        {
            Check(connection, location);
            return;
        }
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, $"SELECT pg_advisory_xact_lock({AdvisoryLockKey})");
        Execute(connection, transaction,
            "CREATE TABLE IF NOT EXISTS metaopt_schema (id integer PRIMARY KEY CHECK (id = 1), version integer NOT NULL, writer text NOT NULL)");
        using (var read = new NpgsqlCommand("SELECT version FROM metaopt_schema WHERE id = 1", connection, transaction))
        {
            var stored = read.ExecuteScalar() is int version ? version : 0;
            if (stored > Version)
                throw new PostgresStorageException(
                    $"the MetaOpt tables in {location} have schema version {stored}, and this MetaOpt knows up to version {Version}: " +
                    "use the MetaOpt that wrote them (or a newer one), or another database");
            for (var step = stored; step < Version; step++)
                Execute(connection, transaction, Migrations[step]);
            if (stored == Version)
                return;
        }
        Execute(connection, transaction,
            $"INSERT INTO metaopt_schema (id, version, writer) VALUES (1, {Version}, 'MetaOpt') " +
            "ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version");
        transaction.Commit();
    }

    private static void Check(NpgsqlConnection connection, string location)
    {
        using var exists = new NpgsqlCommand("SELECT to_regclass('metaopt_schema') IS NOT NULL", connection);
        if (exists.ExecuteScalar() is not true)
            throw new PostgresStorageException($"{location} has no MetaOpt tables: check the database name in the URL");
        using var read = new NpgsqlCommand("SELECT version FROM metaopt_schema WHERE id = 1", connection);
        var stored = read.ExecuteScalar() is int version ? version : 0;
        if (stored != Version)
            throw new PostgresStorageException(
                $"the MetaOpt tables in {location} have schema version {stored}, and this MetaOpt reads version {Version}: " +
                (stored > Version ? "use the MetaOpt that wrote them (or a newer one)" : "any command that writes (such as 'metaopt run') migrates them"));
    }

    private static void Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        command.ExecuteNonQuery();
    }
}
