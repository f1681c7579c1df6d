using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using MetaOpt.Storages.Postgres;
using MetaOpt.Storages.Postgres.Connections;
using MetaOpt.Storages.Postgres.Rows;

namespace MetaOpt;

/// <summary>
/// Keeps studies and their trials in a PostgreSQL database, which any number of worker processes, on any number of
/// machines, share: each <c>metaopt run</c> of the same study joins it.
/// </summary>
/// <remarks>
/// <para><b>Concurrency.</b> Every write is one transaction, committed before the call returns. A study's row is
/// locked while a trial is created, so numbers are gapless and unique (a unique index on study and number backs it);
/// Waiting trials are claimed with <c>FOR UPDATE SKIP LOCKED</c>, so two workers never take the same one; every
/// change of a trial locks its row and refuses a finished trial.</para>
/// <para><b>Connections.</b> One Npgsql pool per connection string per process (sizing a deployment:
/// <c>docs/postgres.md</c>). Failures that a server restart
/// or a network blip cause are retried with backoff for about <see cref="RetryPeriod"/>, each retry reported to
/// <see cref="PostgresStorageOptions.Logger"/>; those that no retry fixes (an unknown host, a refused login or SSL, a
/// missing database) fail at once. A write whose commit answer was lost is recognised when it is retried (a trial
/// found already finished as asked counts as done).</para>
/// <para><b>Speed.</b> Finished trials never change, so the trials of a study that this instance has read finished
/// are kept in memory and only the others are read again by <see cref="GetAllTrials"/>.</para>
/// <para>The tables are created (or migrated) on first use under an advisory lock; see <c>docs/postgres.md</c>.</para>
/// </remarks>
public sealed partial class PostgresStorage : IStorage
{
    private const string TrialsFrom = "metaopt_trials t JOIN metaopt_studies s ON s.id = t.study_id";

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _location;
    private readonly Npgsql.SslMode _sslMode;
    private readonly PostgresStorageOptions _options;
    private readonly ILogger _logger;
    private readonly TimeSpan[] _pauses;
    // Whether a connection of this storage has worked once: before, an unknown host is the URL's; after, a name
    // missing for a while (a database restarting under a container platform) is retried.
    private volatile bool _connected;
    private readonly FinishedTrialCache _finished = new();
    private readonly LiveTrials _live = new();
    private volatile bool _disposed;

    /// <summary>Connects to the database and creates or migrates MetaOpt's tables in it if needed.</summary>
    /// <param name="connectionString">A URL (<c>postgresql://user:password@host:5432/database</c>) or an Npgsql
    /// connection string (<c>Host=...;Username=...;Database=...</c>).</param>
    /// <param name="options">How long transient failures are retried and whom each retry is reported to; the defaults when null.</param>
    /// <exception cref="ArgumentException">The connection string is not valid.</exception>
    /// <exception cref="PostgresStorageException">The server cannot be reached (at once for an unknown host, after the
    /// retries for one that does not answer), refuses the login or the SSL the URL asks for, has no such database, or
    /// its MetaOpt schema is newer.</exception>
    public PostgresStorage(string connectionString, PostgresStorageOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = ConnectionStrings.Parse(connectionString);
        _location = $"PostgreSQL database '{builder.Database ?? builder.Username}' at {builder.Host}:{builder.Port}";
        _sslMode = builder.SslMode;
        _options = options ?? new PostgresStorageOptions();
        _logger = _options.Logger ?? NullLogger.Instance;
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.RetryPeriod, TimeSpan.Zero);
        _pauses = RetryPauses(_options.RetryPeriod);
        _dataSource = SharedDataSources.Get(builder);
        Run((connection, _) =>
        {
            PostgresSchema.Ensure(connection, _location, write: _options.CreateSchema);
            return true;
        });
    }

    /// <summary>Whether a <c>--storage</c> value names a PostgreSQL database (a <c>postgresql://</c> or <c>postgres://</c> URL).</summary>
    public static bool IsUrl(string location) => ConnectionStrings.IsUrl(location);

    /// <summary>The URL or connection string with its password replaced by <c>***</c>, for messages and logs.</summary>
    public static string WithoutPassword(string connectionString) => ConnectionStrings.Redacted(connectionString);

    /// <summary>The database, as "PostgreSQL database 'name' at host:port", for messages.</summary>
    public string Location => _location;

    /// <summary>About how long a call retries transient failures before it throws <see cref="PostgresStorageException"/>.</summary>
    public TimeSpan RetryPeriod => _options.RetryPeriod;

    /// <summary>The schema version this class writes and reads.</summary>
    public static int SchemaVersion => PostgresSchema.Version;

    /// <inheritdoc/>
    public StudyInfo CreateStudy(string name, params IReadOnlyList<Direction> directions)
    {
        var info = StudyInfo.New(name, directions);
        var created = Run((connection, _) =>
        {
            using var command = new NpgsqlCommand(
                "INSERT INTO metaopt_studies (name, direction, created, user_attrs) VALUES (@name, @direction, @created, @attrs) " +
                "ON CONFLICT (name) DO NOTHING RETURNING id", connection);
            command.Parameters.AddWithValue("name", name);
            command.Parameters.AddWithValue("direction", info.Directions.ToText());
            command.Parameters.AddWithValue("created", info.Created.Ticks);
            command.Parameters.AddWithValue("attrs", Attributes(info.UserAttrs));
            return command.ExecuteScalar() is not null;
        });
        // A retry after a lost commit answer finds its own study; telling it apart from another creator's is not worth a column.
        return created ? info : throw new InvalidOperationException($"A study named '{name}' already exists in the {_location}.");
    }

    /// <inheritdoc/>
    public StudyInfo? FindStudy(string name) => Run((connection, _) =>
    {
        using var command = new NpgsqlCommand(StudySelect + " WHERE name = @name", connection);
        command.Parameters.AddWithValue("name", name);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadStudy(reader) : null;
    });

    /// <inheritdoc/>
    public IReadOnlyList<StudyInfo> GetAllStudies() => Run((connection, _) =>
    {
        using var command = new NpgsqlCommand(StudySelect + " ORDER BY created, id", connection);
        using var reader = command.ExecuteReader();
        var studies = new List<StudyInfo>();
        while (reader.Read())
            studies.Add(ReadStudy(reader));
        return studies;
    });

    /// <inheritdoc/>
    public void DeleteStudy(string studyName) => Run((connection, attempt) =>
    {
        using var command = new NpgsqlCommand("DELETE FROM metaopt_studies WHERE name = @name", connection);
        command.Parameters.AddWithValue("name", studyName);
        if (command.ExecuteNonQuery() == 0 && attempt == 0)
            throw NoStudy(studyName);
        return true;
    });

    /// <inheritdoc/>
    public void SetStudyUserAttr(string studyName, string key, object value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        InTransaction((connection, transaction, _) =>
        {
            using var read = new NpgsqlCommand(StudySelect + " WHERE name = @name FOR UPDATE", connection, transaction);
            read.Parameters.AddWithValue("name", studyName);
            StudyInfo info;
            using (var reader = read.ExecuteReader())
                info = reader.Read() ? ReadStudy(reader) : throw NoStudy(studyName);
            using var write = new NpgsqlCommand("UPDATE metaopt_studies SET user_attrs = @attrs WHERE name = @name", connection, transaction);
            write.Parameters.AddWithValue("name", studyName);
            write.Parameters.AddWithValue("attrs", Attributes(new Dictionary<string, object>(info.UserAttrs) { [key] = value }));
            write.ExecuteNonQuery();
            return true;
        });
    }

    /// <summary>Releases nothing shared: the connection pool serves the process's other storages of the same database.</summary>
    public void Dispose() => _disposed = true;

    private const string StudySelect = "SELECT name, direction, created, user_attrs FROM metaopt_studies";

    private static StudyInfo ReadStudy(NpgsqlDataReader reader)
    {
        using var attrs = System.Text.Json.JsonDocument.Parse(reader.GetString(3));
        return new StudyInfo
        {
            Name = reader.GetString(0),
            Directions = DirectionExtensions.ParseDirections(reader.GetString(1)),
            Created = new DateTime(reader.GetInt64(2), DateTimeKind.Utc),
            UserAttrs = JsonValues.ReadAttributes(attrs.RootElement),
        };
    }

    private static string Attributes(IReadOnlyDictionary<string, object> attributes) =>
        ValueJson.Text(writer => JsonValues.WriteAttributes(writer, attributes));

    private KeyNotFoundException NoStudy(string name) => new($"No study named '{name}' in the {_location}.");

    /// <summary>
    /// Runs <paramref name="work"/> on a pooled connection, again after each pause of <see cref="RetryPauses"/> while it
    /// fails transiently (the attempt number lets a write recognise its own lost commit). A failure of the user's
    /// setup, which no retry fixes, throws at once.
    /// </summary>
    private T Run<T>(Func<NpgsqlConnection, int, T> work)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var attempts = _pauses.Length + 1;
        long? firstFailure = null;
        for (var attempt = 0; ; attempt++)
        {
            NpgsqlConnection? connection = null;
            try
            {
                using (connection = _dataSource.OpenConnection())
                {
                    var result = work(connection, attempt);
                    _connected = true;
                    return result;
                }
            }
            catch (Exception e) when (Faults.SetupProblem(e, _location, _sslMode, opening: connection is null, connectedBefore: _connected) is { } problem)
            {
                throw new PostgresStorageException(problem, e);
            }
            catch (Exception e) when (Faults.IsTransient(e))
            {
                var reason = (e.InnerException ?? e).Message.ReplaceLineEndings(" ");
                firstFailure ??= Stopwatch.GetTimestamp();
                // Attempts that each wait out a connect timeout (a host that drops packets) end the retries too, at
                // twice the period, rather than making the schedule take minutes.
                var failingFor = Stopwatch.GetElapsedTime(firstFailure.Value);
                if (failingFor > 2 * RetryPeriod)
                    throw new PostgresStorageException(
                        $"the {_location} did not answer for {failingFor.TotalSeconds:0} s ({attempt + 1} attempts): {reason}", e);
                if (attempt + 1 == attempts)
                    throw new PostgresStorageException(
                        $"the {_location} did not answer for {RetryPeriod.TotalSeconds:0.#} s ({attempts} attempts): {reason}", e);
                var pause = _pauses[attempt];
                _logger.WaitingForDatabase(_location, attempt + 2, attempts, pause.TotalSeconds, reason);
                // The pool's other idle connections died with the same server: drop them rather than meet each one.
                _dataSource.Clear();
                Thread.Sleep(pause);
            }
        }
    }

    /// <summary>The pauses between attempts: 50 ms doubling up to 2 s, as many as add up to at most <paramref name="period"/>.</summary>
    internal static TimeSpan[] RetryPauses(TimeSpan period)
    {
        var pauses = new List<TimeSpan>();
        var total = TimeSpan.Zero;
        for (var pause = TimeSpan.FromMilliseconds(50); total + pause <= period; pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(2).Ticks)))
        {
            pauses.Add(pause);
            total += pause;
        }
        return [.. pauses];
    }

    /// <summary><see cref="Run{T}"/> in one transaction, committed when <paramref name="work"/> returns.</summary>
    private T InTransaction<T>(Func<NpgsqlConnection, NpgsqlTransaction, int, T> work) => Run((connection, attempt) =>
    {
        using var transaction = connection.BeginTransaction();
        var result = work(connection, transaction, attempt);
        transaction.Commit();
        return result;
    });

    private static NpgsqlParameter Parameter(string name, NpgsqlDbType type, object value) => new(name, type) { Value = value };
}
