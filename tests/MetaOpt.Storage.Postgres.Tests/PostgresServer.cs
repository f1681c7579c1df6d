using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace MetaOpt.Storage.Postgres.Tests;

/// <summary>
/// The PostgreSQL server the tests use, one per test run: the one <c>METAOPT_TEST_POSTGRES</c> names (a URL to a
/// superuser; <c>METAOPT_TEST_PGDATA</c> gives its data directory for the restart test), or else a throwaway cluster
/// started here from the local binaries in a temporary folder on a loopback port, stopped when the run ends.
/// </summary>
internal sealed class PostgresServer
{
    private static readonly Lazy<PostgresServer> SharedServer = new(Start);

    private readonly string? _url;
    private readonly string? _dataDirectory;
    private readonly string? _binaries;
    private int _databases;

    private PostgresServer(string? url, string? dataDirectory, string? binaries, string? unavailable)
    {
        _url = url;
        _dataDirectory = dataDirectory;
        _binaries = binaries;
        Unavailable = unavailable;
    }

    /// <summary>Why there is no server, or null when there is one.</summary>
    public string? Unavailable { get; }

    /// <summary>The server, or a skip (a failure under CI) when there is none.</summary>
    public static PostgresServer Require()
    {
        var server = SharedServer.Value;
        RequiredService.Check(server.Unavailable is null, $"PostgreSQL: {server.Unavailable}");
        return server;
    }

    /// <summary>A URL to a new, empty database of its own.</summary>
    public string NewDatabase()
    {
        var name = $"metaopt_test_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        using (var connection = new NpgsqlConnection(ConnectionStringOf(_url!)))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            command.ExecuteNonQuery();
        }
        var url = new UriBuilder(_url!) { Path = "/" + name };
        return url.Uri.ToString();
    }

    /// <summary>
    /// Restarts the server (<c>pg_ctl restart</c>, which also starts a stopped one with the options it last had) and
    /// waits until it accepts connections again.
    /// </summary>
    public void Restart() => PgCtl(RequireBinaries(), "restart", "-D", _dataDirectory!, "-m", "fast", "-w");

    /// <summary>Stops the server (<c>pg_ctl stop</c>) until <see cref="Restart"/>.</summary>
    public void Stop() => PgCtl(RequireBinaries(), "stop", "-D", _dataDirectory!, "-m", "fast", "-w");

    /// <summary>Requires what <see cref="Stop"/> and <see cref="Restart"/> need, before a test starts processes it would leave behind.</summary>
    public PostgresServer RequireControl()
    {
        RequireBinaries();
        return this;
    }

    private string RequireBinaries()
    {
        RequiredService.Check(_dataDirectory is not null && _binaries is not null,
            "PostgreSQL restart: set METAOPT_TEST_PGDATA to the data directory of METAOPT_TEST_POSTGRES");
        return _binaries!;
    }

    private static PostgresServer Start()
    {
        var binaries = FindBinaries();
        if (Environment.GetEnvironmentVariable("METAOPT_TEST_POSTGRES") is { Length: > 0 } given)
        {
            var why = WhyNotReachable(given);
            return new PostgresServer(given, Environment.GetEnvironmentVariable("METAOPT_TEST_PGDATA"), binaries,
                why is null ? null : $"METAOPT_TEST_POSTGRES does not answer: {why}");
        }
        if (binaries is null)
            return new PostgresServer(null, null, null, "METAOPT_TEST_POSTGRES is not set and no PostgreSQL binaries (initdb, pg_ctl) are installed");
        try
        {
            return StartCluster(binaries);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
        {
            return new PostgresServer(null, null, binaries, $"cannot start a throwaway cluster: {e.Message}");
        }
    }

    private static PostgresServer StartCluster(string binaries)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"metaopt-pg-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        if (IsRoot())
            Run("chown", "postgres", folder);
        var data = Path.Combine(folder, "data");
        var port = FreePort();
        PgCommand(Path.Combine(binaries, "initdb"), "-D", data, "-A", "trust", "-U", "postgres", "--no-sync");
        var options = string.Create(CultureInfo.InvariantCulture,
            $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off");
        PgCtl(binaries, "start", "-D", data, "-o", options, "-l", Path.Combine(folder, "server.log"), "-w");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            PgCtl(binaries, "stop", "-D", data, "-m", "immediate", "-w");
            Run("rm", "-rf", folder);
        };
        return new PostgresServer(string.Create(CultureInfo.InvariantCulture, $"postgresql://postgres@127.0.0.1:{port}/postgres"), data, binaries, null);
    }

    private static string? WhyNotReachable(string url)
    {
        try
        {
            using var connection = new NpgsqlConnection(ConnectionStringOf(url));
            connection.Open();
            return null;
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException)
        {
            return e.Message;
        }
    }

    /// <summary>An unpooled Npgsql connection string for a test URL, for SQL the storage does not offer.</summary>
    internal static string ConnectionStringOf(string url)
    {
        var uri = new Uri(url);
        var user = Uri.UnescapeDataString(uri.UserInfo.Split(':')[0]);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.Port > 0 ? uri.Port : 5432,
            Username = user,
            Database = uri.AbsolutePath.TrimStart('/'),
            Pooling = false,
        };
        if (uri.UserInfo.Contains(':'))
            builder.Password = Uri.UnescapeDataString(uri.UserInfo[(uri.UserInfo.IndexOf(':') + 1)..]);
        return builder.ConnectionString;
    }

    private static string? FindBinaries()
    {
        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).OrderDescending()
            : Enumerable.Empty<string>();
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        return candidates.Concat(path).FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }

    private static void PgCtl(string binaries, params string[] arguments) => PgCommand(Path.Combine(binaries, "pg_ctl"), arguments);

    /// <summary>Runs a server tool, as the <c>postgres</c> user when this process is root (the server refuses root).</summary>
    private static void PgCommand(string tool, params string[] arguments)
    {
        if (IsRoot())
            Run("runuser", ["-u", "postgres", "--", tool, .. arguments]);
        else
            Run(tool, arguments);
    }

    private static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {error}{output.Result}");
    }

    private static bool IsRoot() => Environment.UserName == "root";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
