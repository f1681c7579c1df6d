using Npgsql;
using NpgsqlTypes;
using MetaOpt.Storages.Postgres.Rows;

namespace MetaOpt;

public sealed partial class PostgresStorage
{
    /// <inheritdoc/>
    public FrozenTrial CreateTrial(
        string studyName,
        TrialState state,
        IReadOnlyDictionary<string, object>? systemAttrs = null,
        IReadOnlyDictionary<string, object>? userAttrs = null)
    {
        FrozenTrial.New(0, 0, state, systemAttrs, userAttrs); // checks the state before anything is written
        return InTransaction((connection, transaction, _) =>
            Insert(connection, transaction, LockStudy(connection, transaction, studyName), state, systemAttrs, userAttrs));
    }

    /// <inheritdoc/>
    public FrozenTrial? ClaimWaitingTrial(string studyName, IReadOnlyDictionary<string, object>? systemAttrs = null) =>
        InTransaction((connection, transaction, _) => Claim(connection, transaction, StudyId(connection, transaction, studyName), systemAttrs));

    /// <inheritdoc/>
    public FrozenTrial? StartTrial(string studyName, int? maxTrials, IReadOnlyDictionary<string, object>? systemAttrs = null) =>
        InTransaction((connection, transaction, _) =>
        {
            // The study's row lock makes the count and the start one step for every worker of every process. The count
            // is TrialBudget's, kept on the study's row by a trigger (see PostgresSchema). The lock and the oldest
            // Waiting trial are read in one round trip, as every round trip here is time other workers wait.
            using var batch = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand("SELECT id, budget_used FROM metaopt_studies WHERE name = $1 FOR UPDATE") { Parameters = { new() { Value = studyName } } },
                    new NpgsqlBatchCommand(WaitingSql("s.name = $1")) { Parameters = { new() { Value = studyName } } },
                },
            };
            long studyId;
            FrozenTrial? waiting = null;
            using (var reader = batch.ExecuteReader())
            {
                if (!reader.Read())
                    throw NoStudy(studyName);
                studyId = reader.GetInt64(0);
                if (maxTrials is { } max && reader.GetInt32(1) >= max)
                    return null;
                reader.NextResult();
                if (reader.Read())
                    waiting = TrialRows.Read(reader);
            }
            return waiting is not null
                ? Claimed(connection, transaction, waiting, systemAttrs)
                : Insert(connection, transaction, studyId, TrialState.Running, systemAttrs, null);
        });

    /// <inheritdoc/>
    public FrozenTrial AddTrialCopy(string studyName, FrozenTrial template) =>
        InTransaction((connection, transaction, _) =>
            Insert(connection, transaction, LockStudy(connection, transaction, studyName), number => template.CopiedAs(0, number)));

    /// <inheritdoc/>
    public void SetTrialParam(long trialId, string name, double internalValue, Distribution distribution) =>
        Change(trialId, t => t.WithParam(name, internalValue, distribution));

    /// <inheritdoc/>
    public void SetTrialIntermediateValue(long trialId, int step, double value) =>
        Change(trialId, t => t.WithIntermediateValue(step, value));

    /// <inheritdoc/>
    public void SetTrialUserAttr(long trialId, string key, object value) => Change(trialId, t => t.WithUserAttr(key, value));

    /// <inheritdoc/>
    public void SetTrialSystemAttr(long trialId, string key, object value) => Change(trialId, t => t.WithSystemAttr(key, value));

    /// <inheritdoc/>
    public void RecordHeartbeat(long trialId) => Change(trialId, t => t.WithHeartbeat());

    /// <inheritdoc/>
    public FrozenTrial? FinishTrial(long trialId, TrialState state, IReadOnlyList<double>? values, string? failReason)
    {
        FrozenTrial.CheckFinishedState(state);
        var known = _live.Known(trialId);
        if (known is { } live)
        {
            var finished = live.Trial.Finished(state, values, failReason);
            if (TryUpdate(finished, live.Revision))
                return finished;
        }
        return InTransaction<FrozenTrial?>((connection, transaction, attempt) =>
        {
            var (trial, _) = LockTrial(connection, transaction, trialId);
            // After an earlier attempt (optimistic or not) whose answer was lost, the trial may be finished by it.
            if (trial.State.IsFinished())
                return (attempt > 0 || known is not null) && IsFinishedAs(trial, state, values, failReason) ? trial : null;
            var finished = trial.Finished(state, values, failReason);
            Update(connection, transaction, finished);
            return finished;
        });
    }

    /// <inheritdoc/>
    public FrozenTrial? FailTrialAndRetry(
        long trialId,
        string failReason,
        IReadOnlyDictionary<string, object> retrySystemAttrs,
        IReadOnlyDictionary<string, object>? retryUserAttrs) =>
        InTransaction((connection, transaction, _) =>
        {
            var (trial, studyName) = LockTrial(connection, transaction, trialId);
            if (trial.State.IsFinished())
                return null;
            Update(connection, transaction, trial.Finished(TrialState.Failed, null, failReason));
            return Insert(connection, transaction, LockStudy(connection, transaction, studyName), TrialState.Waiting, retrySystemAttrs, retryUserAttrs);
        });

    /// <inheritdoc/>
    public FrozenTrial GetTrial(long trialId) => Run((connection, _) =>
    {
        using var command = new NpgsqlCommand($"SELECT {TrialRows.Columns} FROM {TrialsFrom} WHERE t.id = @id", connection);
        command.Parameters.AddWithValue("id", trialId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? TrialRows.Read(reader) : throw NoTrial(trialId);
    });

    /// <inheritdoc/>
    public IReadOnlyList<FrozenTrial> GetAllTrials(string studyName, IReadOnlyCollection<TrialState>? states = null)
    {
        // Null when the read relied on a cache that is gone (an earlier study of the same name, or replaced by another
        // read meanwhile): the next read starts from the current one.
        List<FrozenTrial>? trials;
        while ((trials = ReadTrials(studyName)) is null)
        {
        }
        return states is null ? trials : trials.Where(t => states.Contains(t.State)).ToList();
    }

    private List<FrozenTrial>? ReadTrials(string studyName) => Run((connection, _) =>
    {
        // One query: the study's id (a deleted and recreated study gets a new one, and a new cache) and the
        // trials this instance has not yet seen finished, by an index range past the cached run from number 0.
        using var command = new NpgsqlCommand(
            $"SELECT s.id, {TrialRows.Columns} " +
            "FROM metaopt_studies s LEFT JOIN metaopt_trials t ON t.study_id = s.id AND t.number >= @from AND t.number <> ALL(@known) " +
            "WHERE s.name = @name ORDER BY t.number", connection);
        command.Parameters.AddWithValue("name", studyName);
        var (from, known, cache) = _finished.Window(studyName);
        command.Parameters.Add(Parameter("from", NpgsqlDbType.Integer, from));
        command.Parameters.Add(Parameter("known", NpgsqlDbType.Array | NpgsqlDbType.Integer, known));
        using var reader = command.ExecuteReader();
        if (!reader.Read())
            throw NoStudy(studyName);
        var id = reader.GetInt64(0);
        var fresh = new List<FrozenTrial>();
        if (!reader.IsDBNull(1))
        {
            do
                fresh.Add(TrialRows.Read(reader, offset: 1));
            while (reader.Read());
        }
        return _finished.Merge(studyName, id, from, known, cache, fresh);
    });

    /// <summary>Locks the study's row, so that trials of the study are created one at a time, and returns its id.</summary>
    private long LockStudy(NpgsqlConnection connection, NpgsqlTransaction transaction, string studyName)
    {
        using var command = new NpgsqlCommand("SELECT id FROM metaopt_studies WHERE name = @name FOR UPDATE", connection, transaction);
        command.Parameters.AddWithValue("name", studyName);
        return command.ExecuteScalar() is long id ? id : throw NoStudy(studyName);
    }

    private long StudyId(NpgsqlConnection connection, NpgsqlTransaction transaction, string studyName)
    {
        using var command = new NpgsqlCommand("SELECT id FROM metaopt_studies WHERE name = @name", connection, transaction);
        command.Parameters.AddWithValue("name", studyName);
        return command.ExecuteScalar() is long id ? id : throw NoStudy(studyName);
    }

    /// <summary>Inserts a new trial numbered by the study's counter, in the caller's transaction, which holds the study's lock.</summary>
    private FrozenTrial Insert(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        long studyId,
        TrialState state,
        IReadOnlyDictionary<string, object>? systemAttrs,
        IReadOnlyDictionary<string, object>? userAttrs) =>
        Insert(connection, transaction, studyId, number => FrozenTrial.New(0, number, state, systemAttrs, userAttrs));

    /// <summary>
    /// Inserts the trial <paramref name="build"/> makes for the study's next number, which the same statement takes
    /// from the study's counter (one round trip under the study's lock).
    /// </summary>
    private FrozenTrial Insert(NpgsqlConnection connection, NpgsqlTransaction transaction, long studyId, Func<int, FrozenTrial> build)
    {
        // The stored body does not hold the number, so the trial is built before the number is known.
        var trial = build(0);
        using var insert = new NpgsqlCommand(
            "WITH next AS (UPDATE metaopt_studies SET trial_count = trial_count + 1 WHERE id = @study RETURNING trial_count - 1 AS number) " +
            "INSERT INTO metaopt_trials (study_id, number, state, value, fail_reason, datetime_start, datetime_complete, heartbeat, body) " +
            "SELECT @study, next.number, @state, @value, @fail_reason, @start, @complete, @heartbeat, @body FROM next RETURNING id, number",
            connection, transaction);
        insert.Parameters.AddWithValue("study", studyId);
        TrialRows.AddParameters(insert, trial);
        using (var reader = insert.ExecuteReader())
        {
            reader.Read();
            trial = trial with { Id = reader.GetInt64(0), Number = reader.GetInt32(1) };
        }
        _live.Remember(trial, 0);
        return trial;
    }

    /// <summary>Starts the study's oldest Waiting trial that no other transaction holds, or returns null.</summary>
    private FrozenTrial? Claim(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long studyId, IReadOnlyDictionary<string, object>? systemAttrs)
    {
        FrozenTrial waiting;
        using (var select = new NpgsqlCommand(WaitingSql("t.study_id = @study"), connection, transaction))
        {
            select.Parameters.AddWithValue("study", studyId);
            using var reader = select.ExecuteReader();
            if (!reader.Read())
                return null;
            waiting = TrialRows.Read(reader);
        }
        return Claimed(connection, transaction, waiting, systemAttrs);
    }

    /// <summary>Moves a Waiting trial this transaction has locked to Running, with the worker's attributes.</summary>
    private FrozenTrial Claimed(
        NpgsqlConnection connection, NpgsqlTransaction transaction, FrozenTrial waiting, IReadOnlyDictionary<string, object>? systemAttrs)
    {
        var claimed = waiting.Claimed(systemAttrs);
        Update(connection, transaction, claimed);
        return claimed;
    }

    /// <summary>The study's oldest Waiting trial that no other transaction holds, locked; <paramref name="study"/> picks the study.</summary>
    private static string WaitingSql(string study) =>
        $"SELECT {TrialRows.Columns} FROM {TrialsFrom} WHERE {study} AND t.state = 'Waiting' ORDER BY t.number LIMIT 1 FOR UPDATE OF t SKIP LOCKED";

    /// <summary>
    /// Applies <paramref name="change"/> to a trial that has not finished: in one statement when this instance
    /// knows the trial's current revision (the worker running it usually does), else under its row lock.
    /// </summary>
    private void Change(long trialId, Func<FrozenTrial, FrozenTrial> change)
    {
        if (_live.Known(trialId) is { } known && TryUpdate(change(known.Trial), known.Revision))
            return;
        InTransaction((connection, transaction, _) =>
        {
            var (trial, studyName) = LockTrial(connection, transaction, trialId);
            if (trial.State.IsFinished())
                throw new InvalidOperationException($"Trial {trial.Number} of '{studyName}' is {trial.State} and can no longer change.");
            Update(connection, transaction, change(trial));
            return true;
        });
    }

    /// <summary>Writes <paramref name="trial"/> if its row is still at <paramref name="revision"/>; false, changing nothing, if not.</summary>
    private bool TryUpdate(FrozenTrial trial, int revision) => Run((connection, _) =>
    {
        using var command = new NpgsqlCommand(UpdateSql + " AND revision = @revision RETURNING revision", connection);
        command.Parameters.AddWithValue("id", trial.Id);
        command.Parameters.AddWithValue("revision", revision);
        TrialRows.AddParameters(command, trial);
        if (command.ExecuteScalar() is not int next)
            return false;
        _live.Remember(trial, next);
        return true;
    });

    private (FrozenTrial Trial, string StudyName) LockTrial(NpgsqlConnection connection, NpgsqlTransaction transaction, long trialId)
    {
        using var command = new NpgsqlCommand(
            $"SELECT {TrialRows.Columns} FROM {TrialsFrom} WHERE t.id = @id FOR UPDATE OF t", connection, transaction);
        command.Parameters.AddWithValue("id", trialId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? (TrialRows.Read(reader), TrialRows.StudyName(reader)) : throw NoTrial(trialId);
    }

    private const string UpdateSql =
        "UPDATE metaopt_trials SET state = @state, value = @value, fail_reason = @fail_reason, datetime_start = @start, " +
        "datetime_complete = @complete, heartbeat = @heartbeat, body = @body, revision = revision + 1 WHERE id = @id";

    private void Update(NpgsqlConnection connection, NpgsqlTransaction transaction, FrozenTrial trial)
    {
        using var command = new NpgsqlCommand(UpdateSql + " RETURNING revision", connection, transaction);
        command.Parameters.AddWithValue("id", trial.Id);
        TrialRows.AddParameters(command, trial);
        _live.Remember(trial, (int)command.ExecuteScalar()!);
    }

    /// <summary>Whether a finished trial is what a retried FinishTrial asked for, so the retry was of a commit that had landed.</summary>
    private static bool IsFinishedAs(FrozenTrial trial, TrialState state, IReadOnlyList<double>? values, string? failReason) =>
        trial.State == state && (trial.Values ?? []).SequenceEqual(values ?? []) && trial.FailReason == failReason;

    private KeyNotFoundException NoTrial(long trialId) => new($"No trial with id {trialId} in the {_location}.");
}
