using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MetaOpt.Storage.Postgres.Tests;

/// <summary>
/// A database that cannot be used: one that does not answer is retried with a line per attempt, and what no retry
/// fixes (an unknown host, SSL the server lacks, a missing database) fails at once with one line, in the storage and
/// in <c>metaopt</c>. Targets are loopback ports and names under <c>.invalid</c>, which never resolve.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class UnreachableDatabaseTests
{
    private const string Password = "s3cret-pw";

    [Fact]
    public void TheDefaultSchedulePausesFrom50MsDoublingTo2SWithinTheMinute()
    {
        var pauses = PostgresStorage.RetryPauses(TimeSpan.FromMinutes(1));

        Assert.Equal([50, 100, 200, 400, 800, 1600, 2000, 2000], pauses.Take(8).Select(p => p.TotalMilliseconds));
        Assert.Equal(34, pauses.Length);
        Assert.True(pauses.Aggregate(TimeSpan.Zero, (a, b) => a + b) <= TimeSpan.FromMinutes(1));
        Assert.Empty(PostgresStorage.RetryPauses(TimeSpan.Zero));
    }

    [Fact]
    public void APortWithNothingListeningIsRetriedWithALinePerAttemptThenFails()
    {
        var port = DeadPort();
        var log = new FakeLogger();
        // 50 + 100 + 200 + 400 ms of pauses fit in the second: five attempts, a line before each of the last four.
        var options = new PostgresStorageOptions { RetryPeriod = TimeSpan.FromSeconds(1), Logger = log };

        var e = Assert.Throws<PostgresStorageException>(() => new PostgresStorage($"postgresql://metaopt:{Password}@127.0.0.1:{port}/studies", options));
        var lines = log.Collector.GetSnapshot().Select(r => r.Message).ToList();

        var database = $"PostgreSQL database 'studies' at 127.0.0.1:{port}";
        Assert.Equal(
            ["2 of 5, in 0.05 s", "3 of 5, in 0.1 s", "4 of 5, in 0.2 s", "5 of 5, in 0.4 s"],
            lines.Select(l => l.Replace($"waiting for the {database} (attempt ", "", StringComparison.Ordinal).Replace("): Connection refused", "", StringComparison.Ordinal)));
        Assert.Equal($"the {database} did not answer for 1 s (5 attempts): Connection refused", e.Message);
        Assert.DoesNotContain(Password, string.Join('\n', lines) + e.Message);
        Assert.All(log.Collector.GetSnapshot(), r => Assert.Equal(LogLevel.Information, r.Level));
    }

    [Fact]
    public void AttemptsThatEachWaitOutTheConnectTimeoutEndAtTwiceThePeriodNotAfterTheWholeSchedule()
    {
        // A server that takes the connection and never answers, as a host dropping packets: each attempt waits out
        // its 1 s connect timeout, so the schedule of a 1 s period (five attempts) would take five seconds or more.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var options = new PostgresStorageOptions { RetryPeriod = TimeSpan.FromSeconds(1) };

        var e = Assert.Throws<PostgresStorageException>(() => new PostgresStorage($"postgresql://metaopt@127.0.0.1:{port}/studies?connect_timeout=1", options));

        var attempts = int.Parse(Regex.Match(e.Message, @"\((\d+) attempts\)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(attempts, 2, 4);
        Assert.StartsWith($"the PostgreSQL database 'studies' at 127.0.0.1:{port} did not answer for ", e.Message);
    }

    [Fact]
    public void AnUnknownHostFailsOnTheFirstAttempt()
    {
        var log = new FakeLogger();

        var e = Assert.Throws<PostgresStorageException>(() =>
            new PostgresStorage($"postgresql://metaopt:{Password}@no-such-host.invalid/studies", new PostgresStorageOptions { Logger = log }));

        Assert.Empty(log.Collector.GetSnapshot());
        Assert.StartsWith("cannot find the host of the PostgreSQL database 'studies' at no-such-host.invalid:5432 (", e.Message);
        Assert.EndsWith("): check the host name in the URL", e.Message);
    }

    [SkippableFact]
    public void SslmodeRequireAgainstAServerWithoutSslFailsAtOnceNamingSsl()
    {
        var url = new Uri(PostgresServer.Require().NewDatabase());
        var log = new FakeLogger();

        var e = Assert.Throws<PostgresStorageException>(() =>
            new PostgresStorage(url + "?sslmode=require", new PostgresStorageOptions { Logger = log }));

        Assert.Empty(log.Collector.GetSnapshot());
        Assert.Equal(
            $"the PostgreSQL database '{url.AbsolutePath.TrimStart('/')}' at 127.0.0.1:{url.Port} does not offer SSL, which the URL requires " +
            "(sslmode=require): remove sslmode from the URL or enable SSL on the server",
            e.Message);
    }

    [SkippableTheory]
    [InlineData("postgres", "no_such_database", "database \"no_such_database\" does not exist")]
    [InlineData("no_such_role", "postgres", "role \"no_such_role\" does not exist")]
    public void AMissingDatabaseOrLoginFailsAtOnce(string user, string database, string refusal)
    {
        var url = new UriBuilder(PostgresServer.Require().NewDatabase()) { UserName = user, Path = "/" + database }.Uri.ToString();
        var log = new FakeLogger();

        var e = Assert.Throws<PostgresStorageException>(() => new PostgresStorage(url, new PostgresStorageOptions { Logger = log }));

        Assert.Empty(log.Collector.GetSnapshot());
        Assert.EndsWith($"refused MetaOpt: {refusal}", e.Message);
    }

    [Fact]
    public void MetaoptSaysItIsWaitingForADatabaseThatDoesNotAnswer()
    {
        var port = DeadPort();
        using var list = Process.Start(LauncherProcess.StartInfo(["list", "--storage", $"postgresql://metaopt:{Password}@127.0.0.1:{port}/studies"]))!;
        try
        {
            // Read as it comes: the retries last a minute, and the first line is what the user must see at once.
            var first = list.StandardError.ReadLine();

            Assert.Equal(
                $"metaopt: waiting for the PostgreSQL database 'studies' at 127.0.0.1:{port} (attempt 2 of 35, in 0.05 s): Connection refused",
                first);
        }
        finally
        {
            list.Kill();
            list.WaitForExit();
        }
    }

    [Fact]
    public void MetaoptFailsAtOnceWithOneLineForAnUnknownHost()
    {
        var (exitCode, error) = RunLauncher("list", "--storage", $"postgresql://metaopt:{Password}@no-such-host.invalid/studies");

        Assert.Equal(1, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("metaopt: cannot find the host of the PostgreSQL database 'studies' at no-such-host.invalid:5432 (", line);
    }

    [SkippableFact]
    public void MetaoptFailsWithOneLineForSslmodeRequireAgainstAServerWithoutSsl()
    {
        var url = new Uri(PostgresServer.Require().NewDatabase());
        var withPassword = url.ToString().Replace("postgres@", $"postgres:{Password}@", StringComparison.Ordinal) + "?sslmode=require";

        var (exitCode, error) = RunLauncher("list", "--storage", withPassword);

        Assert.Equal(1, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(
            $"metaopt: the PostgreSQL database '{url.AbsolutePath.TrimStart('/')}' at 127.0.0.1:{url.Port} does not offer SSL, which the URL " +
            "requires (sslmode=require): remove sslmode from the URL or enable SSL on the server",
            line);
    }

    /// <summary>A loopback port that nothing listens on: bound by the system, then released.</summary>
    private static int DeadPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static (int ExitCode, string Error) RunLauncher(params string[] arguments)
    {
        var outcome = LauncherProcess.Run(arguments);
        Assert.DoesNotContain(Password, outcome.All);
        return (outcome.ExitCode, outcome.Error);
    }
}
