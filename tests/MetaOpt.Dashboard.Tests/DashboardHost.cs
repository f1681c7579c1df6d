using System.Net;
using System.Text.Json.Nodes;

namespace MetaOpt.Dashboard.Tests;

/// <summary>A dashboard on an ephemeral loopback port over a storage it may only read, and a client for its JSON.</summary>
internal sealed class DashboardHost : IAsyncDisposable
{
    private DashboardHost(IStorage storage, DashboardServer server)
    {
        Storage = storage;
        Server = server;
        Client = new HttpClient { BaseAddress = server.Url };
    }

    /// <summary>The storage the test writes to; the dashboard reads it through a <see cref="ReadOnlyStorage"/>.</summary>
    public IStorage Storage { get; }

    public DashboardServer Server { get; }

    public HttpClient Client { get; }

    public static async Task<DashboardHost> StartAsync(IStorage storage, int pollMilliseconds = 2000) =>
        new(storage, await DashboardServer.StartAsync(ReadOnlyStorage.Over(storage),
            new DashboardOptions { Port = 0, PollMilliseconds = pollMilliseconds }));

    public async Task<JsonNode> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
