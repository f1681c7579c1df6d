using System.Net;
using MetaOpt.Dashboard.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MetaOpt.Dashboard;

/// <summary>
/// A web dashboard of the studies in a storage: pages with live charts and a trial table, and the JSON they read.
/// </summary>
/// <remarks>
/// The server only calls the storage's read methods, so it can watch a study that another part of the same process
/// is running (the way to watch a LiteDB study, whose file one process holds). It has no authentication: it binds
/// to loopback unless told otherwise. Every script and style is served from this assembly; nothing comes from a CDN.
/// </remarks>
/// <example><code>
/// await using var dashboard = await DashboardServer.StartAsync(storage, new DashboardOptions { Port = 8080 });
/// Console.WriteLine($"Dashboard at {dashboard.Url}");
/// </code></example>
public sealed class DashboardServer : IAsyncDisposable, IDisposable
{
    private readonly WebApplication _app;

    private DashboardServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The address of the studies page, with the port actually bound.</summary>
    public Uri Url { get; }

    /// <summary>The port actually bound (the chosen one when <see cref="DashboardOptions.Port"/> was 0).</summary>
    public int Port => Url.Port;

    /// <summary>Starts serving the dashboard of <paramref name="storage"/>; returns once the port is bound.</summary>
    /// <exception cref="IOException">The port is taken or may not be bound.</exception>
    /// <exception cref="ArgumentException">The host is not an IP address or "localhost".</exception>
    public static async Task<DashboardServer> StartAsync(IStorage storage, DashboardOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(storage);
        options ??= new DashboardOptions();
        var address = options.BindAddress();
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, IPEndPoint.MaxPort);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(DashboardServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        // The host process owns the console: no request logs, and no Ctrl+C handling of its own.
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, QuietLifetime>();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(address, options.Port));
        var app = builder.Build();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.StorageWait, TimeSpan.Zero);
        DashboardEndpoints.Map(app, new DashboardData(storage, options.StorageWait), options);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(bound).Port;
        var host = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        return new DashboardServer(app, new Uri($"http://{host}:{port}/"));
    }

    /// <summary>Starts the dashboard synchronously: the form for callers that are not async, such as <c>metaopt run</c>.</summary>
    /// <inheritdoc cref="StartAsync" path="/exception"/>
    public static DashboardServer Start(IStorage storage, DashboardOptions? options = null) =>
        StartAsync(storage, options).GetAwaiter().GetResult();

    /// <summary>Stops listening; requests in progress get a moment to finish.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default) =>
        await _app.StopAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
