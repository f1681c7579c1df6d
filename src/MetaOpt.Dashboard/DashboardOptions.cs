using System.Net;

namespace MetaOpt.Dashboard;

/// <summary>Where a <see cref="DashboardServer"/> listens.</summary>
public sealed record DashboardOptions
{
    /// <summary>The port the dashboard serves by default.</summary>
    public const int DefaultPort = 8080;

    /// <summary>
    /// The address to bind: an IP address or "localhost". Loopback by default, because the dashboard has no
    /// authentication: anyone who can reach the port can read every study.
    /// </summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The TCP port; 0 lets the system choose a free one (see <see cref="DashboardServer.Port"/>).</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>How often the pages poll for new trials, in milliseconds.</summary>
    public int PollMilliseconds { get; init; } = 2000;

    /// <summary>
    /// How long a request waits for the storage before it answers 503 with a JSON error instead: a database that is
    /// down is retried by its storage for much longer. While that read still waits, other requests answer 503 at
    /// once; the first request after it ends reads again, so the pages recover when the database does.
    /// </summary>
    public TimeSpan StorageWait { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether <see cref="Host"/> is reachable from this machine only.</summary>
    public bool IsLoopback => Host == "localhost" || (IPAddress.TryParse(Host, out var address) && IPAddress.IsLoopback(address));

    /// <summary>The address to bind, parsed.</summary>
    /// <exception cref="ArgumentException"><see cref="Host"/> is neither an IP address nor "localhost".</exception>
    internal IPAddress BindAddress() =>
        Host == "localhost" ? IPAddress.Loopback
        : IPAddress.TryParse(Host, out var address) ? address
        : throw new ArgumentException($"'{Host}' is not an IP address or 'localhost'.", nameof(Host));
}
